export interface GroupCommitOptions {
  /** Most items per commit. Default 100. */
  maxBatch?: number;
  /** Commits in flight at once. Default 2 (1 for a database that runs transactions one at a time). */
  concurrency?: number;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items submitted while a commit is running wait and go together in the next one,
 * so one transaction carries the messages of every partition the consumer is handling at that
 * moment (each partition has at most one message in flight, so per-key order is untouched). An
 * idle committer commits a lone item at once. If a commit of several items fails, each is
 * committed alone, so only the item at fault fails (and is retried or dead-lettered by the consumer).
 */
export class GroupCommit<T> {
  private readonly queue: Pending<T>[] = [];
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private running = 0;

  constructor(
    private readonly commit: (items: readonly T[]) => Promise<void>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = positive('maxBatch', options.maxBatch ?? 100);
    this.concurrency = positive('concurrency', options.concurrency ?? 2);
  }

  /** Resolves once the commit that carried `item` succeeded; rejects with its error otherwise. */
  submit(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.running += 1;
      void this.run(batch).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async run(batch: Pending<T>[]): Promise<void> {
    try {
      await this.commit(batch.map((pending) => pending.item));
      for (const pending of batch) pending.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      for (const pending of batch) {
        try {
          await this.commit([pending.item]);
          pending.resolve();
        } catch (alone) {
          pending.reject(alone);
        }
      }
    }
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`Invalid groupCommit.${name}, expected an integer >= 1 received ${value}`);
  return value;
}
