import { Client } from 'pg';
import type { Scenario } from '../scenario';
import { messagesPerSecond } from '../stats';
import { outboxEvent, withOutboxDatabase } from './outbox-workload';

/** Commits per run: each waits for the WAL flush, so a few thousand give a steady rate in seconds. */
export const SINGLE_ROW_COMMITS = 2_000;

/**
 * Baseline for writers: what one Postgres connection commits per second when each transaction
 * inserts one ~1 KiB row (BEGIN, INSERT, COMMIT with plain pg). The outbox's write cost and the
 * relay's mark are bounded by it; on this kind of machine the WAL flush dominates.
 */
export const postgresSingleRowCommit: Scenario = {
  name: 'postgres.single-row-commit',
  description: `plain pg, one connection: BEGIN, INSERT one ~1 KiB jsonb row, COMMIT (min(--messages, ${SINGLE_ROW_COMMITS}) commits)`,
  metric: 'commits_per_s',
  async run(ctx) {
    const commits = Math.min(ctx.messages, SINGLE_ROW_COMMITS);
    return withOutboxDatabase(async ({ url }) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(
          'CREATE TABLE bench_rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key text NOT NULL, payload jsonb NOT NULL)',
        );
        const started = performance.now();
        for (let i = 0; i < commits; i++) {
          const event = outboxEvent(ctx, 'bench', i);
          await client.query('BEGIN');
          await client.query('INSERT INTO bench_rows (key, payload) VALUES ($1, $2::jsonb)', [
            event.aggregateId,
            JSON.stringify(event.payload),
          ]);
          await client.query('COMMIT');
        }
        return { value: messagesPerSecond(commits, performance.now() - started) };
      } finally {
        await client.end();
      }
    });
  },
};
