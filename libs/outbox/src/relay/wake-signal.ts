/**
 * Lets idle relay loops sleep until there may be work: a notification, a poll interval, or stop.
 *
 * - A wake ends ONE sleep (the longest): a commit's notification brings one loop to claim its rows,
 *   not every loop to race for them (the losers would each run a transaction that claims nothing).
 *   A loop that finds a full batch wakes another, so loops join in as the backlog grows.
 * - A wake that arrives while nobody sleeps is kept, so the next sleep returns at once: a row
 *   committed between "the batch was empty" and "go to sleep" is not left for the next poll.
 */
export class WakeSignal {
  private sleepers = new Set<() => void>();
  private pending = false;

  wake(): void {
    // A Set iterates in insertion order: the first entry has slept longest.
    const longest = this.sleepers.values().next();
    if (longest.done) {
      this.pending = true;
      return;
    }
    longest.value();
  }

  /** Resolves on the next wake(), after `ms`, or when `signal` aborts, whichever comes first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.pending || signal?.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
