export interface GroupCommitOptions {
  /** Most items per commit; a unit larger than this (a consumer batch) is committed alone. Default 1000. */
  maxBatch?: number;
  /** Commits in flight at once. Default 2 (1 for a database that runs transactions one at a time). */
  concurrency?: number;
}

/**
 * The options for `db`: one commit at a time on a database that runs transactions one at a time
 * (PGlite), unless `given` says otherwise. Field by field: a spread would let `concurrency:
 * undefined` override that 1 with the default 2.
 */
export function groupCommitOptionsFor(db: { readonly serialTransactions: boolean }, given: GroupCommitOptions = {}): GroupCommitOptions {
  return { maxBatch: given.maxBatch, concurrency: given.concurrency ?? (db.serialTransactions ? 1 : undefined) };
}

/** Items that are committed together or not at all: one message, or one partition's batch. */
interface Unit<T> {
  items: readonly T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: units submitted in the same event-loop turn, or while a commit is running, go
 * together in one transaction, so it carries the messages of every partition the consumer is
 * handling at that moment. A unit is one message, or the consecutive messages of one partition
 * (a consumer batch); it is never split across transactions, so one partition's messages are
 * never committed by two transactions at once and per-key order is untouched. If a commit of
 * several units fails, each is committed alone, so only the unit at fault fails (the consumer
 * then handles its messages one by one, with retries and dead-lettering).
 */
export class GroupCommit<T> {
  private readonly queue: Unit<T>[] = [];
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly commit: (items: readonly T[]) => Promise<void>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = positive('maxBatch', options.maxBatch ?? 1000);
    this.concurrency = positive('concurrency', options.concurrency ?? 2);
  }

  /** Resolves once the commit that carried `item` succeeded; rejects with its error otherwise. */
  submit(item: T): Promise<void> {
    return this.submitAll([item]);
  }

  /** Commits `items` in one transaction (possibly with other units); resolves once it committed. */
  submitAll(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.schedule();
    });
  }

  /** Pumps after the current event-loop turn, so units submitted together (a consumer's fetch round) share a commit. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const group = this.takeGroup();
      this.running += 1;
      void this.run(group).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  /** The oldest units, as many as fit in maxBatch items; always at least one. */
  private takeGroup(): Unit<T>[] {
    let size = this.queue[0].items.length;
    let count = 1;
    while (count < this.queue.length && size + this.queue[count].items.length <= this.maxBatch) {
      size += this.queue[count].items.length;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private async run(group: Unit<T>[]): Promise<void> {
    try {
      await this.commit(group.length === 1 ? group[0].items : group.flatMap((unit) => unit.items));
      for (const unit of group) unit.resolve();
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      for (const unit of group) {
        try {
          await this.commit(unit.items);
          unit.resolve();
        } catch (alone) {
          unit.reject(alone);
        }
      }
    }
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`Invalid groupCommit.${name}, expected an integer >= 1 received ${value}`);
  return value;
}
