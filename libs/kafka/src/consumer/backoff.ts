/** Exponential backoff: the cap doubles per attempt from `baseMs` up to `maxMs`. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before retry number `retry` (1 = the first retry), "full jitter": uniform in [0, cap].
 * Jitter spreads the retries of many consumers hitting the same failed dependency, so they do
 * not come back in lockstep (see AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
export function backoffDelay(
  retry: number,
  { baseMs, maxMs }: BackoffOptions,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(retry) || retry < 1)
    throw new RangeError(`Invalid retry number, expected an integer >= 1 received ${retry}`);
  return Math.floor(random() * (backoffCap(retry, { baseMs, maxMs }) + 1));
}

/**
 * The upper bound of backoffDelay for that retry; 2 ** n overflows to Infinity, which min() absorbs
 * (but 0 * Infinity is NaN: a zero base is no backoff at all, however late the retry).
 */
export function backoffCap(retry: number, { baseMs, maxMs }: BackoffOptions): number {
  if (baseMs === 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** (retry - 1));
}
