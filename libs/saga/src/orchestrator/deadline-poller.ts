import { MAX_TIMER_MS } from '@platform/kafka';
import type { SagaLogger } from './saga-events';

export interface DeadlinePollerOptions {
  /** Pause between rounds; default 1000 ms. A round runs as long as there are due sagas. */
  pollIntervalMs?: number;
  /** Sagas locked and moved per transaction; default 100. */
  batchSize?: number;
}

/**
 * Failed rounds in a row that are still only a warning: a database restart or a lost session fails
 * a round or two and heals by itself (the next round runs on a fresh connection), so paging
 * someone for it would be noise. Past this, deadlines are really not firing: an error.
 */
export const DEADLINE_FAILURES_BEFORE_ERROR = 5;

/**
 * One round: fires due deadlines batch after batch. `stopping` turns true once stop() is called:
 * the round ends after the batch in progress, so a shutdown during a long backlog does not wait
 * for every due saga (each batch is its own transaction; the rest fire at the next start).
 */
export type DeadlineRound = (stopping: () => boolean) => Promise<number>;

/** Runs `round` every interval, never two at once; stop() waits for the round in progress. */
export class DeadlinePoller {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private failuresInARow = 0;

  constructor(
    private readonly round: DeadlineRound,
    private readonly logger: SagaLogger,
    options: DeadlinePollerOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 100;
    if (!Number.isInteger(this.pollIntervalMs) || this.pollIntervalMs < 1) {
      throw new RangeError(
        `Invalid deadlines.pollIntervalMs, expected an integer >= 1 received ${this.pollIntervalMs}`,
      );
    }
    // A longer setTimeout fires after 1 ms: the poller would query the database round after round.
    if (this.pollIntervalMs > MAX_TIMER_MS) {
      throw new RangeError(
        `Invalid deadlines.pollIntervalMs, expected at most ${MAX_TIMER_MS} (ms, Node's longest timer) received ${this.pollIntervalMs}`,
      );
    }
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new RangeError(
        `Invalid deadlines.batchSize, expected an integer >= 1 received ${this.batchSize}`,
      );
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(): void {
    // A round in progress schedules the next one when it ends: started again during stop(), a
    // second timer here would run rounds side by side and outlive the next stop().
    if (this.stopped || this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.round(() => this.stopped)
        .then(
          () => this.succeeded(),
          (error: unknown) => this.failed(error),
        )
        // A logger that throws (say, on details it cannot serialize) must neither end the polling
        // nor leave a rejection no one handles (stop() would reject with it, too).
        .catch(() => undefined)
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.pollIntervalMs);
  }

  private succeeded(): void {
    if (this.failuresInARow === 0) return;
    this.logger.warn('Saga deadline rounds work again', { failedRounds: this.failuresInARow });
    this.failuresInARow = 0;
  }

  private failed(error: unknown): void {
    this.failuresInARow += 1;
    const details = { error, failedRounds: this.failuresInARow };
    if (this.failuresInARow < DEADLINE_FAILURES_BEFORE_ERROR) {
      this.logger.warn('Saga deadline round failed; trying again next round', details);
    } else {
      this.logger.error(
        'Saga deadline rounds keep failing: deadlines are not firing; check the database',
        details,
      );
    }
  }
}
