import { clientId } from './client-id';
import { errorOf } from './error-of.spec-helper';

describe('clientId', () => {
  it('joins service and instance with a dot', () => {
    expect(clientId({ service: 'billing', instanceId: 'ip-10-0-0-7-4242' })).toBe(
      'billing.ip-10-0-0-7-4242',
    );
  });

  it('accepts host names with upper case, dots and underscores', () => {
    expect(clientId({ service: 'order-history', instanceId: 'Johns-Mac.local_4242' })).toBe(
      'order-history.Johns-Mac.local_4242',
    );
  });

  it('validates the service name', () => {
    expect(errorOf(() => clientId({ service: 'Billing', instanceId: 'a' })).rule).toBe('lowercase');
  });

  it.each([
    [
      'host 1',
      'characters',
      'Invalid instance id "host 1": may contain only letters, digits, ".", "_" and "-", received " " (rule: characters). Example: ip-10-0-0-7-4242',
    ],
    [
      '-4242',
      'characters',
      'Invalid instance id "-4242": must start with a letter or digit, received "-" (rule: characters). Example: ip-10-0-0-7-4242',
    ],
    [
      '',
      'empty',
      'Invalid instance id "": must not be empty (rule: empty). Example: ip-10-0-0-7-4242',
    ],
    [
      'h'.repeat(129),
      'too-long',
      `Invalid instance id "${'h'.repeat(129)}": must be at most 128 characters, received 129 (rule: too-long). Example: ip-10-0-0-7-4242`,
    ],
  ])('rejects the instance id %j', (instanceId, rule, message) => {
    const error = errorOf(() => clientId({ service: 'billing', instanceId }));
    expect(error.rule).toBe(rule);
    expect(error.message).toBe(message);
  });
});
