/**
 * Node's longest timer: a longer one fires after 1 ms. A longer wait pauses a partition this long,
 * then again for what is left (the ledger keeps the due time); options that set a timer are
 * checked against it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves true after `ms`, or false as soon as `signal` aborts (shutdown, lost group membership). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
