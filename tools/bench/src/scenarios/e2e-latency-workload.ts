import type { RunResult } from '../scenario';
import { quantile, round } from '../stats';

/**
 * The first tenth of a paced phase is not counted: it covers the consumer's first fetches after
 * joining its group (offset look-ups, a cold JIT), which are start-up, not steady-state latency.
 */
export const SETTLING_FRACTION = 0.1;
/** The paced phases run at this fraction of the raw maximum rate measured in the same bench run. */
export const RATE_FRACTION = 0.5;
export const E2E_TIMEOUT_MS = 120_000;

/**
 * The rate both latency scenarios send at. The harness has no channel between scenarios, so the
 * baseline (e2e.raw-latency) leaves the rate it measured here; planScenarios puts it before
 * e2e.latency in every round, so e2e.latency always reads the rate of its own round.
 */
let pacedRate: number | undefined;

export function setPacedRate(messagesPerSecond: number): void {
  pacedRate = messagesPerSecond;
}

export function currentPacedRate(): number {
  if (pacedRate === undefined)
    throw new Error(
      'No raw maximum rate measured yet: e2e.latency runs after its baseline e2e.raw-latency.',
    );
  return pacedRate;
}

/**
 * Counts the first arrival of message indexes 0..total-1 and the time it arrived; resolves
 * `done` when every index arrived. Duplicates (a redelivery) keep the first time.
 */
export class ArrivalLog {
  readonly arrivedAt: Float64Array;
  private arrived = 0;
  private finish!: () => void;
  private fail!: (error: Error) => void;
  readonly done: Promise<void>;

  constructor(readonly total: number) {
    this.arrivedAt = new Float64Array(total);
    this.done = new Promise<void>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
    const timer = setTimeout(
      () =>
        this.fail(
          new Error(`received ${this.arrived} of ${total} messages in ${E2E_TIMEOUT_MS} ms`),
        ),
      E2E_TIMEOUT_MS,
    );
    timer.unref();
    void this.done.then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
  }

  record(index: number, now: number): void {
    if (index < 0 || index >= this.total || this.arrivedAt[index] !== 0) return;
    this.arrivedAt[index] = now;
    if (++this.arrived === this.total) this.finish();
  }

  /** A send that failed fails the phase: latencies of lost messages would be meaningless. */
  abort(error: unknown): void {
    this.fail(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Open-loop pacing: message i is due at start + i / rate. Every timer tick sends what is due,
 * whether or not earlier sends were acknowledged, and latency is counted from the DUE time, so a
 * sender that falls behind (a busy event loop) shows up in the latencies instead of hiding
 * (coordinated omission). Returns the due times, in performance.now() ms.
 */
export async function sendPaced(
  total: number,
  ratePerSecond: number,
  sendRange: (start: number, end: number) => void,
): Promise<Float64Array> {
  if (!(ratePerSecond > 0))
    throw new RangeError(`Invalid rate, expected > 0 msgs/s received ${ratePerSecond}`);
  const dueAt = new Float64Array(total);
  const interval = 1000 / ratePerSecond;
  const started = performance.now();
  let next = 0;
  while (next < total) {
    const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
    if (due > next) {
      for (let i = next; i < due; i++) dueAt[i] = started + i * interval;
      sendRange(next, due);
      next = due;
    }
    if (next < total) {
      const wait = started + next * interval - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    }
  }
  return dueAt;
}

/**
 * p50/p90/p99/max of due → handled over the counted messages, in ms (1 decimal); value = p99.
 * With `ackedAt` (when each message's send resolved), details also get ack_p50/ack_p99 (due →
 * broker ack), which tells the producer's share of the latency from the consumer's.
 */
export function latencyResult(
  dueAt: Float64Array,
  arrivals: ArrivalLog,
  rate: number,
  ackedAt?: Float64Array,
  extra: Record<string, number> = {},
): RunResult {
  const handled = percentiles(dueAt, arrivals.arrivedAt);
  // A p99 that rounds to 0 would not be a usable value (the harness wants a positive number).
  const p99 = Math.max(handled(0.99), 0.1);
  const acked = ackedAt && percentiles(dueAt, ackedAt);
  return {
    value: p99,
    details: {
      p50: handled(0.5),
      p90: handled(0.9),
      p99,
      max: handled(1),
      ...(acked ? { ack_p50: acked(0.5), ack_p99: acked(0.99) } : {}),
      rate_msgs_per_s: round(rate, 1),
      ...extra,
    },
  };
}

function percentiles(dueAt: Float64Array, doneAt: Float64Array): (q: number) => number {
  const first = Math.floor(dueAt.length * SETTLING_FRACTION);
  const latencies: number[] = [];
  // Done before due only by timer rounding: count that as 0.
  for (let i = first; i < dueAt.length; i++) latencies.push(Math.max(0, doneAt[i] - dueAt[i]));
  return (q) => round(quantile(latencies, q), 1);
}
