import { NonRetriableError, RetriableError } from '../errors';
import { DeserializationError } from '../errors';
import { defaultRetryPolicy, orderedRetryPolicy } from './retry-policy';

const backoff = { baseMs: 100, maxMs: 1_000 };
const half = () => 0.5;

describe('defaultRetryPolicy', () => {
  const decide = defaultRetryPolicy(
    { inPlaceAttempts: 3, backoff, retryTopicDelaysMs: [5_000, 60_000] },
    half,
  );
  const failure = new RetriableError('database busy');

  it('retries in place with backoff while the delivery has tries left', () => {
    expect(decide({ error: failure, attemptInHop: 1, hop: 0 })).toEqual({
      action: 'retry-in-place',
      delayMs: 50,
    });
    expect(decide({ error: failure, attemptInHop: 2, hop: 0 })).toEqual({
      action: 'retry-in-place',
      delayMs: 100,
    });
  });

  it('moves to the next retry topic with its delay once the in-place tries are spent', () => {
    expect(decide({ error: failure, attemptInHop: 3, hop: 0 })).toEqual({
      action: 'retry-topic',
      retryAttempt: 1,
      delayMs: 5_000,
    });
    expect(decide({ error: failure, attemptInHop: 3, hop: 1 })).toEqual({
      action: 'retry-topic',
      retryAttempt: 2,
      delayMs: 60_000,
    });
  });

  it('dead-letters after the last retry topic', () => {
    expect(decide({ error: failure, attemptInHop: 3, hop: 2 })).toEqual({
      action: 'dead-letter',
      reason: 'retries-exhausted',
    });
  });

  it('treats unknown errors as retriable', () => {
    expect(decide({ error: new TypeError('x is undefined'), attemptInHop: 1, hop: 0 }).action).toBe(
      'retry-in-place',
    );
  });

  it.each([
    new NonRetriableError('order already cancelled'),
    new DeserializationError('orders.order.created', 'not JSON'),
  ])('dead-letters a %p at once', (error) => {
    expect(decide({ error, attemptInHop: 1, hop: 0 })).toEqual({
      action: 'dead-letter',
      reason: 'non-retriable',
    });
  });

  it('dead-letters after the in-place tries when there are no retry topics', () => {
    const noTopics = defaultRetryPolicy(
      { inPlaceAttempts: 1, backoff, retryTopicDelaysMs: [] },
      half,
    );
    expect(noTopics({ error: failure, attemptInHop: 1, hop: 0 })).toEqual({
      action: 'dead-letter',
      reason: 'retries-exhausted',
    });
  });
});

describe('orderedRetryPolicy', () => {
  const failure = new Error('timeout');

  it('retries in place and never uses retry topics', () => {
    const decide = orderedRetryPolicy({ attempts: 3, backoff, onExhausted: 'dead-letter' }, half);
    expect(decide({ error: failure, attemptInHop: 2, hop: 0 })).toEqual({
      action: 'retry-in-place',
      delayMs: 100,
    });
    expect(decide({ error: failure, attemptInHop: 3, hop: 0 })).toEqual({
      action: 'dead-letter',
      reason: 'retries-exhausted',
    });
  });

  it('stops the partition when configured to', () => {
    const decide = orderedRetryPolicy(
      { attempts: 2, backoff, onExhausted: 'stop-partition' },
      half,
    );
    expect(decide({ error: failure, attemptInHop: 2, hop: 0 })).toEqual({
      action: 'stop-partition',
      reason: 'retries-exhausted',
    });
    expect(decide({ error: new NonRetriableError('bad'), attemptInHop: 1, hop: 0 })).toEqual({
      action: 'stop-partition',
      reason: 'non-retriable',
    });
  });
});

describe('a thrown value that cannot be inspected', () => {
  // `instanceof` on this Proxy throws; the policy must still decide (it runs outside any try).
  const hostile = new Proxy(
    {},
    {
      getPrototypeOf() {
        throw new Error('trap');
      },
    },
  );

  it('is retried like any unknown error', () => {
    const decide = defaultRetryPolicy(
      { inPlaceAttempts: 2, backoff, retryTopicDelaysMs: [5_000] },
      half,
    );
    expect(decide({ error: hostile, attemptInHop: 1, hop: 0 })).toEqual({
      action: 'retry-in-place',
      delayMs: 50,
    });
    const ordered = orderedRetryPolicy({ attempts: 1, backoff, onExhausted: 'dead-letter' }, half);
    expect(ordered({ error: hostile, attemptInHop: 1, hop: 0 })).toEqual({
      action: 'dead-letter',
      reason: 'retries-exhausted',
    });
  });
});
