import { MAX_TIMER_MS } from '../timers';
import { QueuedBehindFailureError } from './not-sent-error';

/**
 * Turns many small `add` calls into few batches, like the Java client's record accumulator
 * (linger.ms, batch.size, max.in.flight = 1), without knowing anything about Kafka.
 *
 * - A batch closes when it holds `maxBatchItems` items or `maxBatchBytes` bytes (a single item
 *   larger than that travels alone: the broker, not us, decides what is too large).
 * - An open batch becomes due `lingerMs` after its first item; 0 means "at the end of the current
 *   event-loop turn", so everything enqueued in one turn still shares a batch.
 * - At most ONE batch is in flight. The next batch keeps filling until the current one is
 *   acknowledged, so batches grow with load instead of with the linger, and a retried batch can
 *   never be overtaken by a later one: per-key order survives retries whatever the client does.
 * - Each caller's promise settles with ITS batch: resolved when the batch was sent, rejected with
 *   the sender's error when it failed. A caller whose items span several batches (addAll) resolves
 *   when all of them were sent and rejects on the first failure.
 * - A failure fences: the batches queued behind a failed one are not sent, their callers are
 *   rejected with QueuedBehindFailureError. They may hold later items of the failed batch's keys
 *   (or the rest of a caller's list), and their callers will send the failed items again: sending
 *   the queue anyway would let a later event of a key land before an earlier one.
 */
export interface CoalescerOptions<T> {
  /** Sends one batch, in order; resolves when all of it is acknowledged. */
  send(items: readonly T[]): Promise<void>;
  /** What an item adds to a request, in bytes, for the maxBatchBytes bound. */
  sizeOf(item: T): number;
  lingerMs: number;
  maxBatchItems: number;
  maxBatchBytes: number;
}

export interface CoalescerStats {
  /** Batches handed to `send` so far. */
  batches: number;
  /** Items in those batches. */
  items: number;
}

interface Ticket {
  /** Batches still to be acknowledged before the caller resolves. */
  remaining: number;
  settled: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

interface Batch<T> {
  items: T[];
  bytes: number;
  tickets: Ticket[];
  /** When the batch becomes due by the linger (ms, performance.now() clock). */
  dueAt: number;
  /** Its linger timer fired (the only way a lingerMs = 0 batch becomes due). */
  lingered: boolean;
  /** Due now, whatever the linger says: sendMany and flush do not wait. */
  urgent: boolean;
  /** Settles (never rejects) once the batch was sent or failed; flush waits on it. */
  done: Promise<void>;
  markDone(): void;
}

export class Coalescer<T> {
  private readonly queue: Batch<T>[] = [];
  private inFlight: Batch<T> | undefined;
  private timer: { handle: NodeJS.Timeout | NodeJS.Immediate; batch: Batch<T> } | undefined;
  private readonly counters: CoalescerStats = { batches: 0, items: 0 };

  constructor(private readonly options: CoalescerOptions<T>) {
    const { lingerMs, maxBatchItems, maxBatchBytes } = options;
    // setTimeout's bound: Node turns a longer delay into 1 ms (with a warning), not into a long linger.
    if (!Number.isFinite(lingerMs) || lingerMs < 0 || lingerMs > MAX_TIMER_MS)
      throw new RangeError(
        `Invalid lingerMs, expected a number >= 0 and <= ${MAX_TIMER_MS} received ${lingerMs}`,
      );
    if (!Number.isInteger(maxBatchItems) || maxBatchItems < 1)
      throw new RangeError(
        `Invalid maxBatchItems, expected a whole number >= 1 received ${maxBatchItems}`,
      );
    if (!Number.isFinite(maxBatchBytes) || maxBatchBytes < 1)
      throw new RangeError(
        `Invalid maxBatchBytes, expected a number >= 1 received ${maxBatchBytes}`,
      );
  }

  /** Enqueues one item; it waits for the linger to share a batch with other callers. */
  add(item: T): Promise<void> {
    return this.enqueue([item], false);
  }

  /** Enqueues items in order; they are due at once (the caller already made a batch). */
  addAll(items: readonly T[]): Promise<void> {
    return this.enqueue(items, true);
  }

  /** Sends everything enqueued so far without lingering and waits until each batch settled. */
  async flush(): Promise<void> {
    for (const batch of this.queue) batch.urgent = true;
    const pending = [this.inFlight, ...this.queue]
      .filter((batch) => batch !== undefined)
      .map((batch) => batch.done);
    this.pump();
    await Promise.all(pending);
  }

  /** Items enqueued and not yet settled (in flight included). */
  get pendingItems(): number {
    return this.queue.reduce(
      (sum, batch) => sum + batch.items.length,
      this.inFlight?.items.length ?? 0,
    );
  }

  stats(): CoalescerStats {
    return { ...this.counters };
  }

  private enqueue(items: readonly T[], urgent: boolean): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const ticket: Ticket = { remaining: 0, settled: false, resolve, reject };
      for (const item of items) {
        const size = this.options.sizeOf(item);
        const batch = this.batchWithRoomFor(size);
        batch.items.push(item);
        batch.bytes += size;
        if (batch.tickets[batch.tickets.length - 1] !== ticket) {
          batch.tickets.push(ticket);
          ticket.remaining++;
        }
        if (urgent) batch.urgent = true;
      }
      this.pump();
    });
  }

  private batchWithRoomFor(size: number): Batch<T> {
    const last = this.queue[this.queue.length - 1];
    if (last && !this.isFull(last) && last.bytes + size <= this.options.maxBatchBytes) return last;
    const batch = newBatch<T>(performance.now() + this.options.lingerMs);
    this.queue.push(batch);
    return batch;
  }

  private isFull(batch: Batch<T>): boolean {
    return (
      batch.items.length >= this.options.maxBatchItems || batch.bytes >= this.options.maxBatchBytes
    );
  }

  /** Sends the head batch if nothing is in flight and it is due; otherwise waits for its linger. */
  private pump(): void {
    if (this.inFlight) return; // its completion pumps again
    const head = this.queue[0];
    if (!head) return this.clearTimer();
    // Only the last batch is still filling: any earlier one was closed because it was full.
    if (head.urgent || this.isFull(head) || this.queue.length > 1 || this.lingerElapsed(head)) {
      this.clearTimer();
      this.queue.shift();
      this.dispatch(head);
      return;
    }
    this.armTimer(head);
  }

  private lingerElapsed(batch: Batch<T>): boolean {
    return batch.lingered || (this.options.lingerMs > 0 && performance.now() >= batch.dueAt);
  }

  private dispatch(batch: Batch<T>): void {
    this.inFlight = batch;
    this.counters.batches++;
    this.counters.items += batch.items.length;
    let sent: Promise<void>;
    try {
      sent = this.options.send(batch.items);
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent
      .then(
        () => settle(batch, undefined),
        (error: unknown) => {
          const failure = error ?? new Error('The batch failed without an error.');
          settle(batch, failure);
          this.rejectQueued(failure);
        },
      )
      .finally(() => {
        this.inFlight = undefined;
        batch.markDone();
        this.pump();
      });
  }

  /** The fence: nothing queued while a batch was in flight is sent after it failed. */
  private rejectQueued(failure: unknown): void {
    if (this.queue.length === 0) return;
    this.clearTimer();
    const error = new QueuedBehindFailureError(failure);
    for (const batch of this.queue.splice(0)) {
      settle(batch, error);
      batch.markDone();
    }
  }

  private armTimer(batch: Batch<T>): void {
    if (this.timer?.batch === batch) return;
    this.clearTimer();
    const fire = (): void => {
      this.timer = undefined;
      batch.lingered = true;
      this.pump();
    };
    // setImmediate runs once this turn's callbacks and microtasks are done: every caller that
    // sent during the turn is in the batch, and nobody waits for a clock.
    const handle =
      this.options.lingerMs === 0
        ? setImmediate(fire)
        : setTimeout(fire, Math.max(0, Math.ceil(batch.dueAt - performance.now())));
    this.timer = { handle, batch };
  }

  private clearTimer(): void {
    if (!this.timer) return;
    const { handle } = this.timer;
    if (this.options.lingerMs === 0) clearImmediate(handle as NodeJS.Immediate);
    else clearTimeout(handle as NodeJS.Timeout);
    this.timer = undefined;
  }
}

function newBatch<T>(dueAt: number): Batch<T> {
  let markDone!: () => void;
  const done = new Promise<void>((resolve) => (markDone = resolve));
  return {
    items: [],
    bytes: 0,
    tickets: [],
    dueAt,
    lingered: false,
    urgent: false,
    done,
    markDone,
  };
}

function settle<T>(batch: Batch<T>, error: unknown): void {
  for (const ticket of batch.tickets) {
    if (ticket.settled) continue;
    if (error !== undefined) {
      ticket.settled = true;
      ticket.reject(error);
    } else if (--ticket.remaining === 0) {
      ticket.settled = true;
      ticket.resolve();
    }
  }
}
