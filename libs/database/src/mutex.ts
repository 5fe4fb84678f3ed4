/**
 * A FIFO lock for async work in one process. PGlite is a single connection: transactions must
 * run one after another, in the order they asked, or their statements would interleave.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Runs `work` once every earlier caller finished (resolved or rejected). */
  run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    this.waiting++;
    return previous.then(async () => {
      try {
        return await work();
      } finally {
        this.waiting--;
        release();
      }
    });
  }

  /** Callers holding or waiting for the lock. */
  get pending(): number {
    return this.waiting;
  }
}
