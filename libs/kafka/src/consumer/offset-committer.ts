import type { CommitTracker, PartitionCommit } from './commit-tracker';
import type { CommitPolicy } from './consumer-options';

export type CommitFunction = (commits: PartitionCommit[]) => Promise<void>;

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
    const run = this.tail.then(() => this.commitPending());
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
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
    const commits = this.tracker.pending();
    if (commits.length === 0 || !this.commitFunction) return;
    await this.commitFunction(commits);
    this.tracker.committed(commits);
    this.onCommitted(commits);
  }
}
