import type { Scenario } from '../scenario';
import { quantile, round } from '../stats';
import { runRelayDrain } from './outbox-relay-workload';
import { withOutboxDatabase } from './outbox-workload';
import { MESSAGES_PER_SAGA, startSagaSystem } from './saga-workload';

/** Sagas per run, at most (a full --messages run would take many minutes; the rate is steady long before). */
export const MAX_SAGAS = 2_000;
/** Sagas in flight at once: a new one starts when one completes. */
export const SAGAS_IN_FLIGHT = 500;
/** The target on details.relay_ratio: saga completions ≥ 0.8 × (relay rate ÷ messages per saga). */
export const RELAY_RATIO_TARGET = 0.8;

/**
 * Completed sagas per second, a 3-participant saga (6 messages through two outboxes and two
 * consumers) with SAGAS_IN_FLIGHT running at once. The same run first measures what the outbox
 * relay alone drains (outbox.relay's workload), so details.relay_ratio = value ÷ (relay rate ÷ 6)
 * says how much of the relay's capacity the sagas use; details also has p50/p99 completion ms.
 */
export const sagaCompletions: Scenario = {
  name: 'saga.completions',
  description: `completed 3-step sagas per second, ${SAGAS_IN_FLIGHT} in flight (details: relay rate of the same run, relay_ratio (target >= ${RELAY_RATIO_TARGET}), p50/p99 ms)`,
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
        const system = await startSagaSystem(ctx, { orders: orders.db, participants: participants.db }, (event) => {
          if (event.type !== 'finished') return;
          durations.push(event.durationMs);
          if (durations.length === sagas) allDone();
          else startNext();
        });
        try {
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
          const relayRate = relay.value;
          return {
            value,
            details: {
              p50_ms: round(quantile(durations, 0.5), 1),
              p99_ms: round(quantile(durations, 0.99), 1),
              relay_msgs_per_s: round(relayRate, 1),
              relay_ratio: round(value / (relayRate / MESSAGES_PER_SAGA), 4),
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
