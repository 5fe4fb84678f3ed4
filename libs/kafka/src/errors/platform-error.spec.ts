import { MissingKeyError } from './input-errors';
import { isRetriable, NonRetriableError, RetriableError, RetriesExhaustedError } from './platform-error';

describe('error taxonomy', () => {
  it('retries unknown errors and retriable ones, never non-retriable ones', () => {
    expect(isRetriable(new Error('socket hang up'))).toBe(true);
    expect(isRetriable(new RetriableError('lock timeout'))).toBe(true);
    expect(isRetriable(new NonRetriableError('bad data'))).toBe(false);
    expect(isRetriable(new MissingKeyError('orders.order.created'))).toBe(false);
  });

  it('keeps the cause and names the subclass', () => {
    const last = new RetriableError('db down');
    const exhausted = new RetriesExhaustedError(3, last);
    expect(exhausted.name).toBe('RetriesExhaustedError');
    expect(exhausted.cause).toBe(last);
    expect(exhausted.message).toBe('Gave up after 3 attempt(s): db down');
    expect(exhausted.retriable).toBe(false);
  });
});
