/**
 * Lets idle relay loops sleep until there may be work: a notification, a poll interval, or stop.
 * A wake that arrives while nobody sleeps is kept, so the next sleep returns at once: a row
 * committed between "the batch was empty" and "go to sleep" is not left for the next poll.
 */
export class WakeSignal {
  private sleepers = new Set<() => void>();
  private pending = false;

  wake(): void {
    if (this.sleepers.size === 0) {
      this.pending = true;
      return;
    }
    const sleepers = [...this.sleepers];
    this.sleepers.clear();
    for (const resolve of sleepers) resolve();
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
