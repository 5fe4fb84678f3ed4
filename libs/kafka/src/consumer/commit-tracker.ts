/** A commit for one partition: `offset` is the next offset to read (last handled + 1), as Kafka expects. */
export interface PartitionCommit {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The offsets of one partition this member has started and finished, in delivery order.
 * Only the contiguous prefix of finished offsets is committable: committing past an offset whose
 * handler has not succeeded would lose that message on a crash. Offsets are BigInt because they
 * are 64-bit; a Number is exact only up to 2^53.
 */
export class PartitionOffsets {
  /** Started offsets not yet part of the committable prefix, ascending (delivery order). */
  private readonly inFlight: bigint[] = [];
  private readonly finished = new Set<bigint>();
  private lastStarted: bigint | undefined;
  private nextToCommit: bigint | undefined;
  private committedNext: bigint | undefined;
  /** Set when the group rebalanced: a late completion must not be committed under a new assignment. */
  private retired = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** Records that handling of `offset` begins. A redelivered offset (≤ the last started) is ignored. */
  start(offset: bigint | string): void {
    const value = BigInt(offset);
    if (this.lastStarted !== undefined && value <= this.lastStarted) return;
    this.lastStarted = value;
    this.inFlight.push(value);
  }

  /** The message at `offset` was handled, or durably written to a retry or dead-letter topic. */
  finish(offset: bigint | string): void {
    const value = BigInt(offset);
    // The common case, one message at a time in order: no set bookkeeping.
    if (this.inFlight.length === 1 && this.inFlight[0] === value) {
      this.inFlight.pop();
      this.nextToCommit = value + 1n;
      return;
    }
    if (!this.inFlight.includes(value)) return;
    this.finished.add(value);
    this.advance();
  }

  /**
   * A batch of this partition begins at `offset`: the started offsets below it that never
   * finished are gone from the log (compacted, or deleted by retention while a retry of the
   * partition was paused), since kafkajs asked for the first of them and the broker answered with
   * `offset`. Nothing can finish them any more, so they stop holding back the commit (which would
   * otherwise never move again). Returns the oldest one, or undefined when there was none.
   */
  skipGoneBefore(offset: bigint | string): bigint | undefined {
    const first = BigInt(offset);
    const oldest = this.inFlight[0];
    if (oldest === undefined || oldest >= first) return undefined;
    for (const value of this.inFlight) if (value < first) this.finished.add(value);
    this.advance();
    return oldest;
  }

  /** Moves the committable prefix over the finished offsets at the head of the in-flight list. */
  private advance(): void {
    while (this.inFlight.length > 0 && this.finished.has(this.inFlight[0])) {
      const done = this.inFlight.shift()!;
      this.finished.delete(done);
      this.nextToCommit = done + 1n;
    }
  }

  /** The commit this partition needs, or undefined when nothing new is committable. */
  pending(): PartitionCommit | undefined {
    return this.retired ? undefined : this.uncommitted();
  }

  /**
   * Like pending(), also once retired: what the generation that finished these offsets still has
   * to commit (before the member rejoins; see OffsetCommitter.commitBeforeRejoin).
   */
  uncommitted(): PartitionCommit | undefined {
    if (this.nextToCommit === undefined) return undefined;
    if (this.committedNext !== undefined && this.nextToCommit <= this.committedNext)
      return undefined;
    return { topic: this.topic, partition: this.partition, offset: this.nextToCommit.toString() };
  }

  /** Called once the broker acknowledged a commit; commits never move backwards locally. */
  committed(offset: string): void {
    const value = BigInt(offset);
    if (this.committedNext === undefined || value > this.committedNext) this.committedNext = value;
  }

  retire(): void {
    this.retired = true;
  }

  get isRetired(): boolean {
    return this.retired;
  }
}

/** A commit to send and the partition it belongs to (marked, even once retired, when it is acknowledged). */
export interface PendingCommit {
  offsets: PartitionOffsets;
  commit: PartitionCommit;
}

/** Every partition of this member; reset when the group rebalances (kafkajs re-reads committed offsets then). */
export class CommitTracker {
  private partitions = new Map<string, PartitionOffsets>();
  private resets = 0;

  /** Changes with every reset(): a commit taken under one generation can tell it has ended. */
  get generation(): number {
    return this.resets;
  }

  /** The partitions of the current generation, retired or not later. */
  current(): PartitionOffsets[] {
    return [...this.partitions.values()];
  }

  partition(topic: string, partition: number): PartitionOffsets {
    const id = `${topic}\u0000${partition}`;
    let offsets = this.partitions.get(id);
    if (!offsets) {
      offsets = new PartitionOffsets(topic, partition);
      this.partitions.set(id, offsets);
    }
    return offsets;
  }

  /** Every partition's pending commit, with the partition to mark once the commit is acknowledged. */
  pending(): PendingCommit[] {
    return this.current().flatMap((offsets) => {
      const commit = offsets.pending();
      return commit ? [{ offsets, commit }] : [];
    });
  }

  /**
   * Forgets every partition. In-flight batches keep their (now retired) PartitionOffsets, so what
   * they finish after a rebalance is never committed: the new owner reads from the committed offset.
   */
  reset(): void {
    for (const offsets of this.partitions.values()) offsets.retire();
    this.partitions = new Map();
    this.resets += 1;
  }
}
