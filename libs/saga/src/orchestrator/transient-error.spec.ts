import { isTransientDatabaseError } from './transient-error';

describe('isTransientDatabaseError', () => {
  it.each([
    ['40001', 'serialization_failure'],
    ['40P01', 'deadlock_detected'],
    ['55P03', 'lock_not_available'],
    ['57014', 'query_canceled'],
  ])('retries the transaction on %s (%s)', (code) => {
    expect(isTransientDatabaseError(Object.assign(new Error('x'), { code }))).toBe(true);
  });

  it.each<[unknown, string]>([
    ['23505', 'a unique violation: the work itself is wrong'],
    ['42P01', 'an undefined table'],
    [undefined, 'an error without a SQLSTATE'],
    [57014, 'a code that is not a string'],
  ])('fails the step on %s (%s)', (code) => {
    expect(isTransientDatabaseError(Object.assign(new Error('x'), { code }))).toBe(false);
  });

  it('is false for what is not an object', () => {
    expect(isTransientDatabaseError('55P03')).toBe(false);
    expect(isTransientDatabaseError(null)).toBe(false);
  });
});
