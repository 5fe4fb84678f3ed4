import type { CommitTracker, PartitionCommit, PendingCommit } from './commit-tracker';
import type { CommitPolicy } from './consumer-options';

export type CommitFunction = (commits: PartitionCommit[]) => Promise<void>;

/** Offsets a commit did not move: the coordinator refused them, or their generation ended first. */
export class UncommittedOffsetsError extends Error {
  constructor(
    readonly commits: PartitionCommit[],
    override readonly cause: unknown,
  ) {
    super(
      `Could not commit ${commits
        .map(({ topic, partition, offset }) => `${topic}[${partition}] offset ${offset}`)
        .join(', ')} (${cause instanceof Error ? cause.message : String(cause)})`,
    );
    this.name = 'UncommittedOffsetsError';
  }
}

/**
 * Sends the tracker's committable offsets to the group coordinator, one request at a time: two
 * overlapping commits could land out of order and move a partition's offset backwards.
 */
export class OffsetCommitter {
  private commitFunction: CommitFunction | undefined;
  private tail: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tracker: CommitTracker,
    private readonly policy: CommitPolicy,
    private readonly onCommitted: (commits: PartitionCommit[]) => void,
  ) {}

  /**
   * The client's commit call for the current group generation. kafkajs' batch-scoped commit is
   * used rather than consumer.commitOffsets, which silently does nothing once stop() has begun,
   * exactly when the last offsets must be committed.
   */
  use(commitFunction: CommitFunction): void {
    this.commitFunction = commitFunction;
  }

  /** Commits everything committable now; rejects with the client's error (the offsets stay pending). */
  commit(): Promise<void> {
    return this.enqueue(() => this.commitPending());
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.tail.then(step);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * For kafkajs' REBALANCING, which it emits without waiting for its listeners before it rejoins.
   * The partitions are taken now, before GROUP_JOIN forgets them, and their offsets sent only
   * while that generation lasts: once kafkajs has rejoined it would send them under the new
   * generation, for partitions another member may own and have committed past (its offsets would
   * move backwards). Rejects with UncommittedOffsetsError naming what was not committed.
   */
  commitBeforeRejoin(): Promise<void> {
    const generation = this.tracker.generation;
    const partitions = this.tracker.current();
    return this.enqueue(async () => {
      const pending = partitions.flatMap((offsets) => {
        const commit = offsets.uncommitted();
        return commit ? [{ offsets, commit }] : [];
      });
      if (pending.length === 0) return;
      if (this.tracker.generation !== generation)
        throw new UncommittedOffsetsError(
          pending.map(({ commit }) => commit),
          new Error('the group had a new generation before the commit could be sent'),
        );
      try {
        await this.send(pending);
      } catch (error) {
        throw new UncommittedOffsetsError(
          pending.map(({ commit }) => commit),
          error,
        );
      }
    });
  }

  afterMessage(): Promise<void> | undefined {
    return this.policy.mode === 'message' ? this.commit() : undefined;
  }

  afterBatch(): Promise<void> | undefined {
    return this.policy.mode === 'batch' ? this.commit() : undefined;
  }

  /** Interval mode commits on a timer, so offsets finished before an idle period are committed too. */
  startTimer(onError: (error: unknown) => void): void {
    if (this.policy.mode !== 'interval' || this.timer) return;
    this.timer = setInterval(() => this.commit().catch(onError), this.policy.intervalMs);
    this.timer.unref();
  }

  stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async commitPending(): Promise<void> {
    const pending = this.tracker.pending();
    if (pending.length > 0) await this.send(pending);
  }

  /** Marks the partitions themselves, so one retired meanwhile still knows what was committed. */
  private async send(pending: readonly PendingCommit[]): Promise<void> {
    if (!this.commitFunction) return;
    const commits = pending.map(({ commit }) => commit);
    await this.commitFunction(commits);
    for (const { offsets, commit } of pending) offsets.committed(commit.offset);
    this.onCommitted(commits);
  }
}
