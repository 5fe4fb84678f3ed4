import { createOutbox, createOutboxRelay } from '@platform/outbox';
import type { Scenario } from '../scenario';
import { quantile, round } from '../stats';
import { benchCatalog, benchProducer, outboxEvent, withOutboxDatabase } from './outbox-workload';

/** Events per run, each its own transaction. */
export const LATENCY_EVENTS = 2_000;
/** Writers committing at once, each one event per transaction, as fast as Postgres lets them. */
export const LATENCY_WRITERS = 4;

/**
 * How long an event waits between its writer's COMMIT and the broker's ack of its publish, with a
 * relay at its defaults (LISTEN wake-ups, 1 s poll fallback) while writers keep committing.
 * value = p50 in ms; details: p90, p99, max, and the commit rate the writers reached.
 */
export const outboxCommitToAck: Scenario = {
  name: 'outbox.commit-to-ack',
  description: `commit → broker ack latency (p50 ms; p90/p99/max in details): ${LATENCY_WRITERS} writers, one event per transaction, one relay`,
  metric: 'ms',
  async run(ctx) {
    const events = Math.min(ctx.messages, LATENCY_EVENTS);
    const topic = await ctx.createTopic('outbox-commit-to-ack');
    const catalog = benchCatalog(topic);
    return withOutboxDatabase(async ({ db }) => {
      const outbox = createOutbox({ catalog });
      const producer = benchProducer(ctx, catalog, 'outbox-commit-to-ack');
      await producer.connect();
      const committedAt = new Map<string, number>();
      const ackedAt = new Map<string, number>();
      let allAcked!: () => void;
      const done = new Promise<void>((resolve) => (allAcked = resolve));
      const relay = createOutboxRelay({
        db,
        producer,
        onEvent: (event) => {
          if (event.type !== 'published') return;
          const now = performance.now();
          for (const id of event.ids) ackedAt.set(id, now);
          if (ackedAt.size >= events) allAcked();
        },
      });
      await relay.start();
      try {
        let next = 0;
        const started = performance.now();
        const writer = async (): Promise<void> => {
          while (next < events) {
            const index = next++;
            const { id } = await db.transaction((tx) =>
              outbox.add(tx, outboxEvent(ctx, topic, index)),
            );
            committedAt.set(id, performance.now());
          }
        };
        await Promise.all(Array.from({ length: LATENCY_WRITERS }, writer));
        const commitsPerSecond = events / ((performance.now() - started) / 1000);
        await done;
        // The relay can publish a row before its writer's COMMIT reply is processed here: count that as 0.
        const latencies = [...committedAt].map(([id, committed]) =>
          Math.max(0, ackedAt.get(id)! - committed),
        );
        const p = (q: number): number => round(quantile(latencies, q), 1);
        return {
          value: p(0.5),
          details: {
            p50: p(0.5),
            p90: p(0.9),
            p99: p(0.99),
            max: p(1),
            writer_commits_per_s: round(commitsPerSecond, 1),
          },
        };
      } finally {
        await relay.stop();
        await producer.disconnect();
      }
    });
  },
};
