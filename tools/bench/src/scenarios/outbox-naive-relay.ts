import { Partitioners } from 'kafkajs';
import { Client } from 'pg';
import type { Scenario } from '../scenario';
import { messagesPerSecond } from '../stats';
import { benchCatalog, prefillOutbox, withOutboxDatabase } from './outbox-workload';

/**
 * At most this many rows per run: one row costs a few round trips plus an acks=all produce, so a
 * full --messages run would take minutes. The rate is steady long before that.
 */
export const NAIVE_RELAY_MAX_ROWS = 2_000;

/**
 * Baseline for the relay: the outbox relay everyone writes first, with plain pg and kafkajs (none
 * of our code on the timed path). Per row: BEGIN, SELECT the oldest pending row FOR UPDATE SKIP
 * LOCKED, send it alone with acks=all and await the ack, UPDATE published_at, COMMIT.
 */
export const outboxNaiveRelay: Scenario = {
  name: 'outbox.naive-relay',
  description: `per-row relay with plain pg + kafkajs: select 1 row, send acks=all, await, update, commit (min(--messages, ${NAIVE_RELAY_MAX_ROWS}) rows)`,
  metric: 'msgs_per_s',
  async run(ctx) {
    const rows = Math.min(ctx.messages, NAIVE_RELAY_MAX_ROWS);
    const topic = await ctx.createTopic('outbox-naive-relay');
    return withOutboxDatabase(async ({ db, url }) => {
      await prefillOutbox(ctx, db, benchCatalog(topic), topic, rows);
      const client = new Client({ connectionString: url });
      const producer = ctx
        .kafka('outbox-naive-relay')
        .producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await Promise.all([client.connect(), producer.connect()]);
      try {
        const started = performance.now();
        for (let published = 0; published < rows; published++) {
          await client.query('BEGIN');
          const { rows: pending } = await client.query<{
            id: string;
            aggregateid: string;
            topic: string;
            payload: string;
          }>(
            'SELECT id, aggregateid, topic, payload::text AS payload FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED',
          );
          const [row] = pending;
          await producer.send({
            topic: row.topic,
            acks: -1,
            messages: [{ key: row.aggregateid, value: row.payload, headers: { ce_id: row.id } }],
          });
          await client.query('UPDATE outbox SET published_at = now() WHERE id = $1', [row.id]);
          await client.query('COMMIT');
        }
        return { value: messagesPerSecond(rows, performance.now() - started) };
      } finally {
        await producer.disconnect();
        await client.end();
      }
    });
  },
};
