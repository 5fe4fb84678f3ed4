import type { Scenario } from '../scenario';
import { quantile, round } from '../stats';
import { backendCpu, backendCpuSpent } from './outbox-cpu';
import { runRelayDrain } from './outbox-relay-workload';
import { withOutboxDatabase } from './outbox-workload';
import { runHopChains } from './saga-hop-bound';
import { MESSAGES_PER_SAGA, startSagaSystem } from './saga-workload';

/** Sagas per run, at most (a full --messages run would take many minutes; the rate is steady long before). */
export const MAX_SAGAS = 12_000;
/**
 * Sagas in flight at once, at most (and at most a third of the run's sagas): a new one starts
 * when one completes. Enough to keep the machine busy, so the rate is what the system can do
 * rather than what one saga's latency allows: on 2 cores, 500 / 1,500 / 3,000 in flight gave
 * 485 / 841 / 1,097 sagas/s (whole-run rates; Node idle 37% of the run at 500).
 */
export const SAGAS_IN_FLIGHT = 3_000;

/**
 * The steady part of a run with `inFlight` sagas kept running: from the inFlight-th completion
 * (the first wave is through) to the (sagas - inFlight)-th (the last starts are out; after it the
 * run only drains). Returns the completions in it and its rate per second, or the whole run's
 * rate when the window is empty.
 */
export function steadyRate(
  completedAt: readonly number[],
  startedAt: number,
  inFlight: number,
): { sagas: number; perSecond: number } {
  const first = inFlight - 1;
  const last = completedAt.length - inFlight - 1;
  const ms = completedAt[last] - completedAt[first];
  if (last <= first || !(ms > 0))
    return { sagas: completedAt.length, perSecond: completedAt.length / ((completedAt.at(-1)! - startedAt) / 1000) };
  return { sagas: last - first, perSecond: (last - first) / (ms / 1000) };
}
/**
 * What one saga cost in CPU over the loaded run (this process: orchestrator, participants, both
 * relays and consumers; and both databases' Postgres backends when they run here), next to what
 * the relay alone spent on its messages, for reading relay_ratio_pct: a saga carries
 * MESSAGES_PER_SAGA relayed messages plus their consumption, inbox and state writes, and at the
 * target rate the machine's cores give each saga cores × 1e6 ÷ target µs in all (the broker too).
 */
export function cpuPerSaga(
  cpu: NodeJS.CpuUsage,
  backendsMs: readonly (number | undefined)[],
  sagas: number,
  relayDetails: Readonly<Record<string, number>> | undefined,
): Record<string, number> {
  const details: Record<string, number> = {
    node_cpu_us_per_saga: round((cpu.user + cpu.system) / sagas, 0),
  };
  if (backendsMs.every((ms) => ms !== undefined))
    details.postgres_cpu_us_per_saga = round(
      (backendsMs.reduce((sum: number, ms) => sum + ms!, 0) * 1000) / sagas,
      0,
    );
  const relayNode = relayDetails?.node_cpu_us_per_msg;
  const relayPostgres = relayDetails?.postgres_cpu_us_per_msg;
  if (relayNode !== undefined)
    details.relay_cpu_us_per_saga = round(
      (relayNode + (relayPostgres ?? 0)) * MESSAGES_PER_SAGA,
      0,
    );
  return details;
}

/** Sagas run one at a time first, for the latency of a saga on an idle system. */
export const IDLE_SAGAS = 10;
/** The target on details.relay_ratio_pct: saga completions ≥ 80% of (relay rate ÷ messages per saga). */
export const RELAY_RATIO_TARGET_PCT = 80;

/**
 * Completed sagas per second in the steady part of the run (steadyRate), a 3-participant saga (6
 * messages through two outboxes and two consumers) with min(SAGAS_IN_FLIGHT, sagas / 3) running
 * at once. The same run first measures what the outbox
 * relay alone drains (outbox.relay's workload): details.relay_sagas_per_s = that rate ÷ 6 and
 * relay_ratio_pct = value ÷ relay_sagas_per_s in percent (details are rounded to one decimal).
 * Then the bound on that percentage (saga-hop-bound.ts): chains of 6 outbox → relay → inbox hops
 * with plain pg and kafkajs, hop_bound_pct = their hops/s ÷ the relay's rate.
 * details also has p50/p99 ms start → completion under that load, and for IDLE_SAGAS run one at a
 * time before it (idle_p50_ms, idle_p99_ms).
 */
export const sagaCompletions: Scenario = {
  name: 'saga.completions',
  description: `completed 3-step sagas per second, ${SAGAS_IN_FLIGHT} in flight (details: relay rate of the same run, relay_ratio_pct (target >= ${RELAY_RATIO_TARGET_PCT}) and its bound hop_bound_pct, p50/p99 ms loaded and idle)`,
  metric: 'sagas_per_s',
  async run(ctx) {
    const relay = await runRelayDrain(ctx, 'saga-relay');
    const sagas = Math.max(1, Math.min(MAX_SAGAS, Math.round(ctx.messages / MESSAGES_PER_SAGA)));
    const hops = await runHopChains(ctx, sagas, MESSAGES_PER_SAGA);
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
          const inFlight = Math.max(1, Math.min(SAGAS_IN_FLIGHT, Math.floor(sagas / 3)));
          const completedAt: number[] = [];
          onFinished = (durationMs) => {
            durations.push(durationMs);
            completedAt.push(performance.now());
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
          const backendsBefore = [await backendCpu(orders.db), await backendCpu(participants.db)];
          const cpuBefore = process.cpuUsage();
          const clock = performance.now();
          for (let i = 0; i < inFlight; i++) startNext();
          await done;
          if (failed) throw failed;
          const cpu = process.cpuUsage(cpuBefore);
          const backendsMs = [
            backendCpuSpent(backendsBefore[0], await backendCpu(orders.db)),
            backendCpuSpent(backendsBefore[1], await backendCpu(participants.db)),
          ];
          const steady = steadyRate(completedAt, clock, inFlight);
          const value = steady.perSecond;
          // Start → terminal state of the sagas that finished in the steady window.
          const loaded = durations.slice(inFlight, inFlight + steady.sagas);
          const latencies = loaded.length > 0 ? loaded : durations;
          const relaySagasPerSecond = relay.value / MESSAGES_PER_SAGA;
          return {
            value,
            details: {
              p50_ms: round(quantile(latencies, 0.5), 1),
              p99_ms: round(quantile(latencies, 0.99), 1),
              idle_p50_ms: round(quantile(idle, 0.5), 1),
              idle_p99_ms: round(quantile(idle, 0.99), 1),
              relay_msgs_per_s: round(relay.value, 1),
              relay_sagas_per_s: round(relaySagasPerSecond, 1),
              relay_ratio_pct: round((value / relaySagasPerSecond) * 100, 1),
              hop_msgs_per_s: round(hops.hopsPerSecond, 1),
              hop_bound_pct: round((hops.hopsPerSecond / relay.value) * 100, 1),
              hop_node_cpu_us: hops.nodeCpuUsPerHop,
              ...(hops.postgresCpuUsPerHop === undefined ? {} : { hop_postgres_cpu_us: hops.postgresCpuUsPerHop }),
              ...cpuPerSaga(cpu, backendsMs, sagas, relay.details),
              sagas,
              in_flight: inFlight,
              steady_sagas: steady.sagas,
            },
          };
        } finally {
          await system.stop();
        }
      }),
    );
  },
};
