import { Logger } from '@nestjs/common';
import { errorMessage } from '@platform/kafka';
import type { SagaEvent, SagaOrchestrator } from '@platform/saga';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Well within Prometheus's default scrape timeout (10 s), as for kafka_consumer_lag. */
const COUNT_TIMEOUT_MS = 3000;
const log = new Logger('SagaMetrics');

/**
 * - `saga_instances{saga_type,state}`: counted in the database at scrape time, so every instance
 *   of the service reports the same truth (needs-attention is the one to alert on);
 * - `saga_finished_total{saga_type,state}` and `saga_duration_seconds{saga_type,state}`;
 * - `saga_replies_ignored_total{saga_type,reason}`, `saga_timeouts_total{saga_type,step,direction}`,
 *   `saga_compensation_retries_total{saga_type,step}`.
 */
export class SagaMetrics {
  private readonly finished: Counter<'saga_type' | 'state'>;
  private readonly duration: Histogram<'saga_type' | 'state'>;
  private readonly ignored: Counter<'saga_type' | 'reason'>;
  private readonly timeouts: Counter<'saga_type' | 'step' | 'direction'>;
  private readonly retries: Counter<'saga_type' | 'step'>;

  constructor(registry: Registry, orchestrator: () => SagaOrchestrator) {
    new Gauge({
      name: 'saga_instances',
      help: 'Saga instances per type and state, from the database.',
      labelNames: ['saga_type', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        // A failed collect fails the whole scrape: while the database is down (when metrics matter
        // most) /metrics would answer 500, or not within the scrape timeout. The counts are left out instead.
        const counts = await withTimeout(orchestrator().countByState(), COUNT_TIMEOUT_MS).catch((error: unknown) => {
          log.warn(`saga_instances left out of this scrape: ${errorMessage(error)}`);
          return [];
        });
        for (const { type, state, count } of counts) this.set({ saga_type: type, state }, count);
      },
    });
    this.finished = new Counter({ name: 'saga_finished_total', help: 'Sagas that reached a terminal state.', labelNames: ['saga_type', 'state'], registers: [registry] });
    this.duration = new Histogram({
      name: 'saga_duration_seconds',
      help: 'From start to terminal state.',
      labelNames: ['saga_type', 'state'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    });
    this.ignored = new Counter({ name: 'saga_replies_ignored_total', help: 'Replies ignored: duplicates, late or stray.', labelNames: ['saga_type', 'reason'], registers: [registry] });
    this.timeouts = new Counter({ name: 'saga_timeouts_total', help: 'Replies that did not come in time.', labelNames: ['saga_type', 'step', 'direction'], registers: [registry] });
    this.retries = new Counter({ name: 'saga_compensation_retries_total', help: 'Compensation tries scheduled after a failure.', labelNames: ['saga_type', 'step'], registers: [registry] });
  }

  record(event: SagaEvent): void {
    switch (event.type) {
      case 'finished':
        this.finished.inc({ saga_type: event.sagaType, state: event.state });
        this.duration.observe({ saga_type: event.sagaType, state: event.state }, event.durationMs / 1000);
        return;
      case 'reply-ignored':
        this.ignored.inc({ saga_type: event.sagaType, reason: event.reason });
        return;
      case 'timed-out':
        this.timeouts.inc({ saga_type: event.sagaType, step: event.step, direction: event.direction });
        return;
      case 'compensation-retry-scheduled':
        this.retries.inc({ saga_type: event.sagaType, step: event.step });
        return;
      default:
        return;
    }
  }
}

/** Rejects with "no answer within N ms" when `promise` takes longer. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
