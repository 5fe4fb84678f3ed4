import { errorOf } from './error-of.spec-helper';
import { consumerGroupId, validateServiceName } from './service-name';

describe('validateServiceName', () => {
  it.each(['orders', 'billing', 'order-history', 'payments2'])('accepts %s', (name) => {
    expect(() => validateServiceName(name)).not.toThrow();
  });

  it.each([
    [
      'Billing',
      'Invalid service name "Billing": must be lowercase (rule: lowercase). Example: order-history',
    ],
    [
      '2fa',
      'Invalid service name "2fa": must start with a letter a-z, received "2" (rule: leading-letter). Example: order-history',
    ],
    [
      'order_history',
      'Invalid service name "order_history": may contain only a-z, 0-9 and "-", received "_" (rule: characters). Example: order-history',
    ],
    [
      'order.history',
      'Invalid service name "order.history": may contain only a-z, 0-9 and "-", received "." (rule: characters). Example: order-history',
    ],
    [
      'order--history',
      'Invalid service name "order--history": must not contain "--" (rule: hyphens). Example: order-history',
    ],
    [
      'orders-',
      'Invalid service name "orders-": must not end with "-" (rule: hyphens). Example: order-history',
    ],
    ['', 'Invalid service name "": must not be empty (rule: empty). Example: order-history'],
    [
      'billing-service',
      'Invalid service name "billing-service": must not end with "-service", the app name adds it (billing → billing-service) (rule: service-suffix). Example: order-history',
    ],
  ])('rejects %j', (name, message) => {
    expect(errorOf(() => validateServiceName(name)).message).toBe(message);
  });

  it('rejects names longer than 48 characters', () => {
    const error = errorOf(() => validateServiceName('s'.repeat(49)));
    expect(error.rule).toBe('too-long');
    expect(error.detail).toBe('must be at most 48 characters, received 49');
  });
});

describe('consumerGroupId', () => {
  it('is the service name itself', () => {
    expect(consumerGroupId('order-history')).toBe('order-history');
  });

  it('validates the service name', () => {
    expect(errorOf(() => consumerGroupId('Orders')).rule).toBe('lowercase');
  });
});
