import { MAX_TIMER_MS } from '@platform/kafka';
import type { SagaLogger } from './saga-events';
import { SagaStoppedError } from './saga-stopped-error';

/** How long stop() waits for work in flight unless told otherwise. */
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

export interface StopOptions {
  /**
   * Longest wait for the work in flight, in ms; default 10 000. A shutdown has a deadline of its
   * own (Kubernetes kills after 30 s by default) and must still close the database and the
   * producer: past this, stop() resolves anyway and logs how much it left running.
   */
  timeoutMs?: number;
}

/**
 * The writes a saga component has started and not finished (a start or a reply queued for its
 * group commit, or in it; a resume), so that stop() can wait for them before the caller closes the
 * database, and refuse new ones from then on.
 */
export class WorkInFlight {
  private readonly running = new Set<Promise<void>>();
  private refusing = false;

  constructor(private readonly component: 'SagaOrchestrator' | 'SagaParticipant') {}

  get stopped(): boolean {
    return this.refusing;
  }

  /** Runs `work`, tracked until it settles; refused with SagaStoppedError once stop() was called. */
  run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.refusing) return Promise.reject(new SagaStoppedError(this.component, operation));
    let result: Promise<T>;
    try {
      result = work();
    } catch (error) {
      return Promise.reject(error);
    }
    // Tracked only to know when it is over: its outcome is the caller's.
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return result;
  }

  /**
   * Refuses new work from now on and waits for what is running, and for `alongside` (say, a
   * poller's round), at most `options.timeoutMs`; past it, resolves anyway and logs what it left.
   */
  async stop(
    options: StopOptions,
    logger: SagaLogger,
    alongside: () => Promise<unknown> = async () => undefined,
  ): Promise<void> {
    const timeoutMs = stopTimeoutMs(options, this.component);
    this.refusing = true;
    // Nothing new joins `running` from here on, so waiting for what it holds now is waiting for all of it.
    if (await settlesWithin(Promise.allSettled([alongside(), ...this.running]), timeoutMs)) return;
    try {
      logger.error(
        `${this.component} stopped with ${this.running.size} write(s) still in flight after ${timeoutMs} ms: ` +
          'closing the database fails them (a reply or command among them is redelivered: its offset was not committed)',
        { inFlight: this.running.size, timeoutMs },
      );
    } catch {
      // A logger that throws must not keep the caller from closing the database.
    }
  }
}

/** Checks stop()'s timeoutMs, so that a typo fails the call instead of waiting 1 ms or forever. */
function stopTimeoutMs(options: StopOptions, component: string): number {
  const timeoutMs = options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMER_MS) {
    throw new RangeError(
      `Invalid ${component}.stop() timeoutMs, expected an integer from 1 to ${MAX_TIMER_MS} received ${timeoutMs}`,
    );
  }
  return timeoutMs;
}

/** True when `promise` settled within `timeoutMs`, false when the time ran out first. */
async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
