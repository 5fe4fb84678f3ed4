import { createOutbox } from '@platform/outbox';
import type { Scenario } from '../scenario';
import { messagesPerSecond } from '../stats';
import { benchCatalog, outboxEvent, withOutboxDatabase } from './outbox-workload';
import { SINGLE_ROW_COMMITS } from './postgres-single-row-commit';

/**
 * A writer's cost: one transaction per event through our Database and outbox.add (schema check,
 * aggregate lock, insert with two indexes and the NOTIFY trigger), against the plain single-row commit.
 */
export const outboxAddCommit: Scenario = {
  name: 'outbox.add-commit',
  description: `db.transaction(tx => outbox.add(tx, event)) one at a time (min(--messages, ${SINGLE_ROW_COMMITS}) commits)`,
  metric: 'commits_per_s',
  baseline: 'postgres.single-row-commit',
  async run(ctx) {
    const commits = Math.min(ctx.messages, SINGLE_ROW_COMMITS);
    const topic = 'bench.outbox-add-commit';
    const outbox = createOutbox({ catalog: benchCatalog(topic) });
    return withOutboxDatabase(async ({ db }) => {
      const started = performance.now();
      for (let i = 0; i < commits; i++)
        await db.transaction((tx) => outbox.add(tx, outboxEvent(ctx, topic, i)));
      return { value: messagesPerSecond(commits, performance.now() - started) };
    });
  },
};
