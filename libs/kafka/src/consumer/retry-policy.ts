import { isRetriable } from '../errors';
import { backoffDelay, type BackoffOptions } from './backoff';

/** Default mode: a few quick retries in place, then retry topics, then the dead-letter topic. */
export interface DefaultRetryOptions {
  /** Tries per delivery (per hop): 1 means no in-place retry. */
  inPlaceAttempts: number;
  backoff: BackoffOptions;
  /** One retry topic per entry, waited for that long before the next delivery. */
  retryTopicDelaysMs: readonly number[];
}

export type OrderedExhaustedAction = 'dead-letter' | 'stop-partition';

/** Ordered mode: the partition waits for the message; no retry topics, which would reorder a key. */
export interface OrderedRetryOptions {
  attempts: number;
  backoff: BackoffOptions;
  onExhausted: OrderedExhaustedAction;
}

export type FailureReason = 'non-retriable' | 'retries-exhausted';

export type FailureDecision =
  | { action: 'retry-in-place'; delayMs: number }
  /** `retryAttempt` is the retry topic's number: `<source>.retry.<service>.<retryAttempt>`. */
  | { action: 'retry-topic'; retryAttempt: number; delayMs: number }
  | { action: 'dead-letter'; reason: FailureReason }
  | { action: 'stop-partition'; reason: FailureReason };

export interface FailureFacts {
  error: unknown;
  /** 1 for the first try of this delivery. */
  attemptInHop: number;
  /** 0 for the source topic, n for a message read from retry topic n. */
  hop: number;
}

export type RetryPolicy = (facts: FailureFacts) => FailureDecision;

/** Reads only the error's `retriable` flag (see errors/): unknown errors are worth another try. */
export function defaultRetryPolicy(
  options: DefaultRetryOptions,
  random: () => number = Math.random,
): RetryPolicy {
  return ({ error, attemptInHop, hop }) => {
    if (!retriable(error)) return { action: 'dead-letter', reason: 'non-retriable' };
    if (attemptInHop < options.inPlaceAttempts) {
      return {
        action: 'retry-in-place',
        delayMs: backoffDelay(attemptInHop, options.backoff, random),
      };
    }
    if (hop < options.retryTopicDelaysMs.length) {
      return {
        action: 'retry-topic',
        retryAttempt: hop + 1,
        delayMs: options.retryTopicDelaysMs[hop],
      };
    }
    return { action: 'dead-letter', reason: 'retries-exhausted' };
  };
}

/**
 * A non-retriable error skips the retries but still obeys `onExhausted`: a topic that asked for
 * strict order may prefer a stopped partition over a gap in an entity's history.
 */
export function orderedRetryPolicy(
  options: OrderedRetryOptions,
  random: () => number = Math.random,
): RetryPolicy {
  return ({ error, attemptInHop }) => {
    const worthRetrying = retriable(error);
    if (worthRetrying && attemptInHop < options.attempts) {
      return {
        action: 'retry-in-place',
        delayMs: backoffDelay(attemptInHop, options.backoff, random),
      };
    }
    const reason: FailureReason = worthRetrying ? 'retries-exhausted' : 'non-retriable';
    return options.onExhausted === 'dead-letter'
      ? { action: 'dead-letter', reason }
      : { action: 'stop-partition', reason };
  };
}

/**
 * isRetriable, for any thrown value: a Proxy whose traps throw makes `instanceof` throw, and the
 * policy runs outside the handler's try. Such a value is an unknown error, so it is retried.
 */
function retriable(error: unknown): boolean {
  try {
    return isRetriable(error);
  } catch {
    return true;
  }
}
