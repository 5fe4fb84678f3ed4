import type { SagaLogger } from './saga-events';

export interface DeadlinePollerOptions {
  /** Pause between rounds; default 1000 ms. A round runs as long as there are due sagas. */
  pollIntervalMs?: number;
  /** Sagas locked and moved per transaction; default 100. */
  batchSize?: number;
}

/** Runs `round` every interval, never two at once; stop() waits for the round in progress. */
export class DeadlinePoller {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly round: () => Promise<number>,
    private readonly logger: SagaLogger,
    options: DeadlinePollerOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 100;
    if (!Number.isInteger(this.pollIntervalMs) || this.pollIntervalMs < 1) {
      throw new RangeError(`Invalid deadlines.pollIntervalMs, expected an integer >= 1 received ${this.pollIntervalMs}`);
    }
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new RangeError(`Invalid deadlines.batchSize, expected an integer >= 1 received ${this.batchSize}`);
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
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round()
        .then(
          () => undefined,
          (error: unknown) => this.logger.error('Saga deadline round failed; trying again next round', { error }),
        )
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.pollIntervalMs);
  }
}
