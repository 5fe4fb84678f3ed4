import { randomUUID } from 'node:crypto';
import type { Database } from '@platform/database';
import type { EventConsumer } from '@platform/kafka';
import {
  DATABASE_DRIVERS,
  openTestDatabase,
  type OpenTestDatabase,
  uniqueName,
} from '@platform/testing';
import {
  createTestTopology,
  emptyTables,
  type OrderPlaced,
  produceEnvelopes,
  startInboxConsumer,
  waitFor,
  type TestTopology,
} from '../outbox.spec-helper';
import { migrateOutbox } from '../schema';
import { cleanupInbox } from './inbox-cleanup';
import { inboxHandler } from './inbox-handler';

describe.each(DATABASE_DRIVERS)('inbox on %s', (driver) => {
  let opened: OpenTestDatabase;
  let db: Database;
  let topology: TestTopology;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    opened = await openTestDatabase(driver);
    db = opened.db;
    await migrateOutbox(db);
    await db.exec(
      'CREATE TABLE applied (event_id text NOT NULL, order_id text NOT NULL, seq int NOT NULL)',
    );
  });

  afterAll(() => opened?.drop());

  beforeEach(async () => {
    await emptyTables(db);
    await db.exec('TRUNCATE applied');
    topology = await createTestTopology();
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await topology.admin.disconnect();
  });

  async function applied(): Promise<{ event_id: string; seq: number }[]> {
    return (
      await db.query<{ event_id: string; seq: number }>(
        'SELECT event_id, seq FROM applied ORDER BY seq',
      )
    ).rows;
  }

  it('applies each event once per group: a redelivered event is acknowledged and skipped', async () => {
    const group = uniqueName('billing');
    const duplicates: string[] = [];
    const handler = inboxHandler<OrderPlaced>(
      { db, group, onDuplicate: (event) => duplicates.push(event.id) },
      async (event, tx) => {
        await tx.query('INSERT INTO applied (event_id, order_id, seq) VALUES ($1, $2, $3)', [
          event.id,
          event.data.orderId,
          event.data.seq,
        ]);
      },
    );
    const [first, second] = [randomUUID(), randomUUID()];
    // The second copy of `first` is what a relay killed between publish and mark sends again.
    await produceEnvelopes(topology.kafka, topology.topic, [
      { id: first, key: 'o-1', data: { orderId: 'o-1', seq: 1 } },
      { id: first, key: 'o-1', data: { orderId: 'o-1', seq: 1 } },
      { id: second, key: 'o-1', data: { orderId: 'o-1', seq: 2 } },
    ]);
    consumer = await startInboxConsumer(topology, group, handler);
    await waitFor(
      'both effects and the duplicate',
      async () => (await applied()).length === 2 && duplicates.length === 1,
    );
    expect(await applied()).toEqual([
      { event_id: first, seq: 1 },
      { event_id: second, seq: 2 },
    ]);
    expect(duplicates).toEqual([first]);
    const { rows } = await db.query(
      'SELECT consumer_group, event_id, topic FROM inbox ORDER BY kafka_offset::bigint',
    );
    expect(rows).toEqual([
      { consumer_group: group, event_id: first, topic: topology.topic },
      { consumer_group: group, event_id: second, topic: topology.topic },
    ]);
  });

  it('rolls the inbox row back with the effects when the handler fails, so the retry applies it', async () => {
    const group = uniqueName('billing');
    let attempts = 0;
    const handler = inboxHandler<OrderPlaced>({ db, group }, async (event, tx) => {
      attempts++;
      await tx.query('INSERT INTO applied (event_id, order_id, seq) VALUES ($1, $2, $3)', [
        event.id,
        event.data.orderId,
        event.data.seq,
      ]);
      if (attempts === 1) throw new Error('the ledger is briefly unavailable');
    });
    const id = randomUUID();
    await produceEnvelopes(topology.kafka, topology.topic, [
      { id, key: 'o-1', data: { orderId: 'o-1', seq: 1 } },
    ]);
    consumer = await startInboxConsumer(topology, group, handler);
    await waitFor('the retried effect', async () => (await applied()).length === 1);
    expect(attempts).toBe(2);
    expect(await applied()).toEqual([{ event_id: id, seq: 1 }]);
  });

  it('keeps groups apart: another service applies the same event too', async () => {
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await tx.query(
        "INSERT INTO inbox (consumer_group, event_id, topic, kafka_partition, kafka_offset) VALUES ('shipping', $1, 't', 0, '0')",
        [id],
      );
    });
    const group = uniqueName('billing');
    const handler = inboxHandler<OrderPlaced>({ db, group }, async (event, tx) => {
      await tx.query('INSERT INTO applied (event_id, order_id, seq) VALUES ($1, $2, $3)', [
        event.id,
        event.data.orderId,
        event.data.seq,
      ]);
    });
    await produceEnvelopes(topology.kafka, topology.topic, [
      { id, key: 'o-1', data: { orderId: 'o-1', seq: 1 } },
    ]);
    consumer = await startInboxConsumer(topology, group, handler);
    await waitFor('the effect', async () => (await applied()).length === 1);
  });

  it('forgets processed events after the retention', async () => {
    await db.query(
      `INSERT INTO inbox (consumer_group, event_id, topic, kafka_partition, kafka_offset, processed_at)
       VALUES ('g', 'old', 't', 0, '0', now() - interval '8 days'), ('g', 'new', 't', 0, '1', now())`,
    );
    expect(await cleanupInbox(db, 7 * 24 * 60 * 60 * 1000)).toBe(1);
    expect((await db.query('SELECT event_id FROM inbox')).rows).toEqual([{ event_id: 'new' }]);
  });

  it('keeps everything for a retention longer than timestamps reach, and refuses a retention that is no duration', async () => {
    await db.query(
      `INSERT INTO inbox (consumer_group, event_id, topic, kafka_partition, kafka_offset, processed_at)
       VALUES ('g', 'old', 't', 0, '0', now() - interval '100 years')`,
    );
    for (const retentionMs of [Number.MAX_SAFE_INTEGER, 1e16])
      expect(await cleanupInbox(db, retentionMs)).toBe(0);
    for (const retentionMs of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1000' as never])
      await expect(cleanupInbox(db, retentionMs)).rejects.toThrow(
        'Invalid retentionMs, expected a whole number >= 0 received',
      );
    expect(await cleanupInbox(db, 99 * 365 * 24 * 60 * 60 * 1000)).toBe(1);
  });
});
