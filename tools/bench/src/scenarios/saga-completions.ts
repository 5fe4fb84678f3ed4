import type { Scenario } from '../scenario';
import { quantile, round } from '../stats';
import { runRelayDrain } from './outbox-relay-workload';
import { withOutboxDatabase } from './outbox-workload';
import { MESSAGES_PER_SAGA, startSagaSystem } from './saga-workload';

/** Sagas per run, at most (a full --messages run would take many minutes; the rate is steady long before). */
export const MAX_SAGAS = 6_000;
/**
 * Sagas in flight at once: a new one starts when one completes. Enough to keep the machine busy,
 * so the rate is what the system can do rather than what one saga's latency allows: on 2 cores,
 * 500 / 1,500 / 3,000 / 6,000 in flight gave 485 / 841 / 1,097 / 1,088 sagas/s (Node idle 37% of
 * the run at 500).
 */
export const SAGAS_IN_FLIGHT = 3_000;
/** Sagas run one at a time first, for the latency of a saga on an idle system. */
export const IDLE_SAGAS = 10;
/** The target on details.relay_ratio_pct: saga completions ≥ 80% of (relay rate ÷ messages per saga). */
export const RELAY_RATIO_TARGET_PCT = 80;

/**
 * Completed sagas per second, a 3-participant saga (6 messages through two outboxes and two
 * consumers) with SAGAS_IN_FLIGHT running at once. The same run first measures what the outbox
 * relay alone drains (outbox.relay's workload): details.relay_sagas_per_s = that rate ÷ 6 and
 * relay_ratio_pct = value ÷ relay_sagas_per_s in percent (details are rounded to one decimal).
 * details also has p50/p99 ms start → completion under that load, and for IDLE_SAGAS run one at a
 * time before it (idle_p50_ms, idle_p99_ms).
 */
export const sagaCompletions: Scenario = {
  name: 'saga.completions',
  description: `completed 3-step sagas per second, ${SAGAS_IN_FLIGHT} in flight (details: relay rate of the same run, relay_ratio_pct (target >= ${RELAY_RATIO_TARGET_PCT}), p50/p99 ms loaded and idle)`,
  metric: 'sagas_per_s',
  async run(ctx) {
    const relay = await runRelayDrain(ctx, 'saga-relay');
    const sagas = Math.max(1, Math.min(MAX_SAGAS, Math.round(ctx.messages / MESSAGES_PER_SAGA)));
    return withOutboxDatabase((orders) =>
      withOutboxDatabase(async (participants) => {
        const durations: number[] = [];
        let started = 0;
        let allDone!: () => void;
        const done = new Promise<void>((resolve) => (allDone = resolve));
        let startNext: () => void = () => undefined;
        let onFinished: (durationMs: number) => void = () => undefined;
        const system = await startSagaSystem(ctx, { orders: orders.db, participants: participants.db }, (event) => {
          if (event.type === 'finished') onFinished(event.durationMs);
        });
        try {
          const idle: number[] = [];
          for (let i = 0; i < IDLE_SAGAS; i++) {
            const finished = new Promise<number>((resolve) => (onFinished = resolve));
            await system.orchestrator.start(system.definition, { orderId: `idle-${i}`, amount: 10 });
            idle.push(await finished);
          }
          onFinished = (durationMs) => {
            durations.push(durationMs);
            if (durations.length === sagas) allDone();
            else startNext();
          };
          let failed: unknown;
          startNext = () => {
            if (started >= sagas) return;
            const index = started++;
            system.orchestrator.start(system.definition, { orderId: `order-${index}`, amount: 10 }).catch((error: unknown) => {
              failed ??= error;
              allDone();
            });
          };
          const clock = performance.now();
          for (let i = 0; i < Math.min(SAGAS_IN_FLIGHT, sagas); i++) startNext();
          await done;
          if (failed) throw failed;
          const elapsedMs = performance.now() - clock;
          const value = sagas / (elapsedMs / 1000);
          const relaySagasPerSecond = relay.value / MESSAGES_PER_SAGA;
          return {
            value,
            details: {
              p50_ms: round(quantile(durations, 0.5), 1),
              p99_ms: round(quantile(durations, 0.99), 1),
              idle_p50_ms: round(quantile(idle, 0.5), 1),
              idle_p99_ms: round(quantile(idle, 0.99), 1),
              relay_msgs_per_s: round(relay.value, 1),
              relay_sagas_per_s: round(relaySagasPerSecond, 1),
              relay_ratio_pct: round((value / relaySagasPerSecond) * 100, 1),
              sagas,
            },
          };
        } finally {
          await system.stop();
        }
      }),
    );
  },
};
