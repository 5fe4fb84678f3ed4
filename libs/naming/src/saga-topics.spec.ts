import { errorOf } from './error-of.spec-helper';
import { commandTopic, replyTopic, validateSagaTopicName } from './saga-topics';

describe('saga topics', () => {
  it('names command and reply topics', () => {
    expect(commandTopic({ domain: 'payments', entity: 'payment' })).toBe(
      'payments.payment.commands',
    );
    expect(replyTopic({ domain: 'orders', entity: 'order' })).toBe('orders.order.replies');
  });

  it('validates the parts', () => {
    expect(errorOf(() => commandTopic({ domain: 'Payments', entity: 'payment' })).message).toBe(
      'Invalid saga topic name "Payments.payment.commands": segment "Payments" must be lowercase (rule: lowercase). Example: payments.payment.commands',
    );
  });

  it.each(['payments.payment.commands', 'orders.order.replies'])('accepts %s', (name) => {
    expect(() => validateSagaTopicName(name)).not.toThrow();
  });

  it('rejects anything but commands or replies as the last segment', () => {
    expect(errorOf(() => validateSagaTopicName('orders.order.created')).message).toBe(
      'Invalid saga topic name "orders.order.created": expected the last segment to be "commands" or "replies", received "created" (rule: saga-kind). Example: payments.payment.commands',
    );
  });

  it('rejects a wrong segment count', () => {
    expect(errorOf(() => validateSagaTopicName('payments.commands')).message).toBe(
      'Invalid saga topic name "payments.commands": expected 3 dot-separated segments <domain>.<entity>.commands|replies, received 2 (rule: segment-count). Example: payments.payment.commands',
    );
  });
});
