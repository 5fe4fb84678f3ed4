import type { Database } from '@platform/database';
import { openTestDatabase, type OpenTestDatabase } from '@platform/testing';
import { migrateOutbox } from '../schema';
import { CLAIM_BATCH } from './relay-sql';
import { shuffledPartitions } from './shuffled-partitions';

// The claim runs before every batch, so its plan must not grow with the backlog. On a fresh table
// (no statistics yet, as after a deploy or in the bench) Postgres planned the former EXISTS test as
// a hashed subplan over every pending row: a bitmap heap scan of the whole backlog per claim.
describe('the batch claim on postgres', () => {
  let opened: OpenTestDatabase;
  let db: Database;

  beforeAll(async () => {
    opened = await openTestDatabase('postgres');
    db = opened.db;
    await migrateOutbox(db);
    await db.query(`
      INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload)
      SELECT gen_random_uuid(), 'order', 'order-' || (i % 1024), 'orders.order.placed', 'orders.order.placed',
             jsonb_build_object('i', i, 'pad', repeat('x', 1000))
      FROM generate_series(1, 20000) AS i`);
  });

  afterAll(() => opened?.drop());

  async function claimPlan(): Promise<string[]> {
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${CLAIM_BATCH}`, [
      shuffledPartitions(),
      16,
      1000,
    ]);
    return rows.map((row) => row['QUERY PLAN']);
  }

  function outboxAccess(plan: string[]): string[] {
    return plan
      .filter((line) => / on outbox\b/.test(line))
      .map((line) => line.replace(/^[\s>-]*/, '').replace(/\s+\(cost=.*$/, ''));
  }

  it.each([
    ['without statistics (a fresh table)', async () => undefined],
    ['after ANALYZE', () => db.query('ANALYZE outbox')],
  ])(
    'reads the outbox only through the pending index, partition by partition, %s',
    async (_, prepare) => {
      await prepare();
      const plan = await claimPlan();
      expect(plan.join('\n')).not.toMatch(/hashed SubPlan/);
      const access = outboxAccess(plan);
      expect(access.length).toBeGreaterThan(0);
      for (const line of access)
        expect(line).toMatch(/^Index (Only )?Scan using outbox_pending on outbox/);
    },
  );
});
