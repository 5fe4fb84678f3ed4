import type { Database } from '@platform/database';
import { createEventProducer, EnvelopeHeader, type EventProducer } from '@platform/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { DATABASE_DRIVERS, openTestDatabase, type OpenTestDatabase } from '@platform/testing';
import { createOutbox, type Outbox } from '../outbox';
import {
  createTestTopology,
  emptyTables,
  pendingRows,
  readRecords,
  sleep,
  testProducer,
  waitFor,
  type TestTopology,
} from '../outbox.spec-helper';
import { migrateOutbox } from '../schema';
import { deletePublishedOutboxRows } from './cleanup';
import { createOutboxRelay, type OutboxRelay } from './outbox-relay';
import type { RelayEvent } from './relay-events';

describe.each(DATABASE_DRIVERS)('outbox relay on %s', (driver) => {
  let opened: OpenTestDatabase;
  let db: Database;
  let topology: TestTopology;
  let outbox: Outbox;
  let producer: EventProducer;
  const running: OutboxRelay[] = [];

  beforeAll(async () => {
    opened = await openTestDatabase(driver);
    db = opened.db;
    await migrateOutbox(db);
  });

  afterAll(() => opened?.drop());

  // A fresh topic per test: readers start from the beginning and must see only this test's events.
  beforeEach(async () => {
    await emptyTables(db);
    topology = await createTestTopology();
    outbox = createOutbox({ catalog: topology.catalog });
    producer = testProducer(topology);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((relay) => relay.stop()));
    await producer.disconnect();
    await topology.admin.disconnect();
  });

  async function startRelay(
    options: Partial<Parameters<typeof createOutboxRelay>[0]> = {},
  ): Promise<OutboxRelay> {
    const relay = createOutboxRelay({ db, producer, pollIntervalMs: 50, ...options });
    running.push(relay);
    await relay.start();
    return relay;
  }

  async function outboxRows(): Promise<number> {
    return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).rows[0].n;
  }

  function add(
    aggregateId: string,
    seq: number,
    extra: Partial<Parameters<Outbox['add']>[1]> = {},
  ) {
    return db.transaction((tx) =>
      outbox.add(tx, {
        topic: topology.topic,
        aggregateId,
        payload: { orderId: aggregateId, seq },
        ...extra,
      }),
    );
  }

  it('publishes each row as a keyed CloudEvent whose id is the row id, then deletes it', async () => {
    const first = await add('o-1', 1, {
      correlationId: 'corr-1',
      causationId: 'cause-1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    const second = await add('o-2', 1);
    const { rows: written } = await db.query<{ id: string; created_at: Date }>(
      'SELECT id, created_at FROM outbox ORDER BY seq',
    );
    await startRelay();
    const records = await readRecords(topology.kafka, topology.topic, 2);
    const byKey = new Map(records.map((record) => [record.key, record]));
    expect(byKey.get('o-1')).toMatchObject({
      value: { orderId: 'o-1', seq: 1 },
      headers: {
        [EnvelopeHeader.Id]: first.id,
        [EnvelopeHeader.Type]: topology.topic,
        [EnvelopeHeader.Source]: '/services/orders',
        [EnvelopeHeader.SpecVersion]: '1.0',
        [EnvelopeHeader.Time]: written[0].created_at.toISOString(),
        [EnvelopeHeader.CorrelationId]: 'corr-1',
        [EnvelopeHeader.CausationId]: 'cause-1',
        [EnvelopeHeader.TraceParent]: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    });
    // No correlation id given: the envelope starts one with the event's own id.
    expect(byKey.get('o-2')?.headers[EnvelopeHeader.CorrelationId]).toBe(second.id);
    await waitFor('rows deleted', async () => (await outboxRows()) === 0);
  });

  it('keeps published rows, marked, with onPublished: mark', async () => {
    await add('o-1', 1);
    await add('o-2', 1);
    await startRelay({ onPublished: 'mark' });
    await readRecords(topology.kafka, topology.topic, 2);
    await waitFor('rows marked', async () => (await pendingRows(db)) === 0);
    const { rows } = await db.query<{ published: boolean }>(
      'SELECT published_at IS NOT NULL AS published FROM outbox',
    );
    expect(rows).toEqual([{ published: true }, { published: true }]);
  });

  it('wakes on the insert notification instead of waiting for the next poll', async () => {
    await startRelay({ pollIntervalMs: 60_000 });
    await sleep(200); // the first (empty) poll is over; the relay now sleeps for a minute unless notified
    const started = Date.now();
    await add('o-1', 1);
    await waitFor('the row published', async () => (await pendingRows(db)) === 0, 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('sets aside a row that can never be published and goes on with the others', async () => {
    await add('o-1', 1);
    // Written by another version whose catalog had a topic this producer does not know.
    await db.query(
      `INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload) VALUES (gen_random_uuid(), 'order', 'o-1', 'orders.order.archived', 'orders.order.archived', '{}')`,
    );
    await add('o-1', 2);
    const events: RelayEvent[] = [];
    const relay = await startRelay({ onEvent: (event) => events.push(event) });
    const records = await readRecords(topology.kafka, topology.topic, 2);
    expect(records.map((r) => r.value.seq)).toEqual([1, 2]);
    await waitFor('rows settled', async () => (await pendingRows(db)) === 0);
    const { rows } = await db.query<{ topic: string; last_error: string }>(
      'SELECT topic, last_error FROM outbox WHERE failed_at IS NOT NULL',
    );
    expect(rows).toEqual([
      {
        topic: 'orders.order.archived',
        last_error: expect.stringContaining(
          'UnknownTopicError: Unknown topic "orders.order.archived"',
        ),
      },
    ]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'poisoned', topic: 'orders.order.archived' }),
    );
    expect(await relay.metrics()).toMatchObject({
      backlog: 0,
      failed: 1,
      oldestUnpublishedAgeMs: null,
      published: 2,
    });
  });

  it('publishes a row whose headers another writer stored as non-strings, without them', async () => {
    // Written by another language or by hand: the headers column is any jsonb.
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload, headers)
       VALUES (gen_random_uuid(), 'order', 'o-1', $1, $1, '{"orderId": "o-1", "seq": 1}',
               '{"ce_correlationid": 5, "traceparent": {"v": 1}, "ce_subject": null, "ce_causationid": "cause-1"}')
       RETURNING id`,
      [topology.topic],
    );
    await add('o-1', 2);
    const events: RelayEvent[] = [];
    await startRelay({
      backoff: { baseMs: 10, maxMs: 50 },
      onEvent: (event) => events.push(event),
    });
    const records = await readRecords(topology.kafka, topology.topic, 2);
    expect(records.map((r) => r.value.seq)).toEqual([1, 2]);
    expect(records[0].headers).toMatchObject({
      [EnvelopeHeader.Id]: rows[0].id,
      [EnvelopeHeader.CorrelationId]: rows[0].id,
      [EnvelopeHeader.CausationId]: 'cause-1',
    });
    expect(records[0].headers).not.toHaveProperty(EnvelopeHeader.TraceParent);
    expect(records[0].headers).not.toHaveProperty(EnvelopeHeader.Subject);
    expect(events.filter((e) => e.type === 'publish-failed')).toEqual([]);
  });

  it('sets aside a row the broker refuses as too large and goes on with the others', async () => {
    await add('o-1', 1);
    // Valid when written, but over the broker's message.max.bytes (1 MiB by default).
    const big = await add('o-1', 2, { payload: { orderId: 'x'.repeat(1_200_000), seq: 2 } });
    await add('o-1', 3);
    await add('o-2', 1);
    const events: RelayEvent[] = [];
    const relay = await startRelay({
      backoff: { baseMs: 10, maxMs: 50 },
      onEvent: (event) => events.push(event),
    });
    const records = await readRecords(topology.kafka, topology.topic, 3);
    expect(records.map((r) => `${r.key}/${r.value.seq}`).sort()).toEqual([
      'o-1/1',
      'o-1/3',
      'o-2/1',
    ]);
    await waitFor('rows settled', async () => (await pendingRows(db)) === 0);
    const { rows } = await db.query<{ id: string; last_error: string }>(
      'SELECT id, last_error FROM outbox WHERE failed_at IS NOT NULL',
    );
    expect(rows).toEqual([
      { id: big.id, last_error: expect.stringContaining('larger than the max message size') },
    ]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'poisoned', id: big.id }));
    expect(await relay.metrics()).toMatchObject({ backlog: 0, failed: 1, published: 3 });
  });

  it('reports backlog, the age of the oldest unpublished row and the publish rate', async () => {
    for (let seq = 1; seq <= 5; seq++) await add(`o-${seq}`, seq);
    await sleep(50);
    const idle = createOutboxRelay({ db, producer });
    const before = await idle.metrics();
    expect(before).toEqual({
      backlog: 5,
      oldestUnpublishedAgeMs: expect.any(Number),
      failed: 0,
      published: 0,
      publishRatePerSecond: 0,
      consecutiveFailures: 0,
    });
    expect(before.oldestUnpublishedAgeMs).toBeGreaterThanOrEqual(40);
    const relay = await startRelay();
    await waitFor('backlog drained', async () => (await relay.metrics()).backlog === 0);
    const after = await relay.metrics();
    expect(after).toMatchObject({
      backlog: 0,
      oldestUnpublishedAgeMs: null,
      published: 5,
      consecutiveFailures: 0,
    });
    expect(after.publishRatePerSecond).toBeCloseTo(5 / 60, 5);
  });

  it('deletes published rows once their retention passed, never unpublished ones', async () => {
    for (let seq = 1; seq <= 3; seq++) await add('o-1', seq);
    await db.query(
      `UPDATE outbox SET published_at = now() - interval '2 hours' WHERE payload->>'seq' = '1'`,
    );
    await db.query(
      `UPDATE outbox SET published_at = now() - interval '10 minutes' WHERE payload->>'seq' = '2'`,
    );
    expect(await deletePublishedOutboxRows(db, 60 * 60 * 1000)).toBe(1);
    const { rows } = await db.query(
      "SELECT payload->>'seq' AS seq, published_at IS NOT NULL AS published FROM outbox ORDER BY seq",
    );
    expect(rows).toEqual([
      { seq: '2', published: true },
      { seq: '3', published: false },
    ]);
    // The relay runs the same clean-up on its timer.
    const events: RelayEvent[] = [];
    await startRelay({
      onPublished: 'mark',
      retentionMs: 0,
      cleanupIntervalMs: 100,
      onEvent: (event) => events.push(event),
    });
    await waitFor('everything published and cleaned', async () => (await outboxRows()) === 0);
    expect(events).toContainEqual({ type: 'cleaned', deleted: expect.any(Number) });
  });

  it('keeps everything for a retention longer than timestamps reach, instead of failing every clean-up', async () => {
    await add('o-1', 1);
    await db.query(`UPDATE outbox SET published_at = now() - interval '100 years'`);
    for (const retentionMs of [Number.MAX_SAFE_INTEGER, 1e16, 300_000 * 365 * 24 * 60 * 60 * 1000])
      expect(await deletePublishedOutboxRows(db, retentionMs)).toBe(0);
    expect(await deletePublishedOutboxRows(db, 99 * 365 * 24 * 60 * 60 * 1000)).toBe(1);
  });

  it('keeps rows and retries with backoff while publishing fails', async () => {
    await add('o-1', 1);
    // Nothing listens on port 1: every publish fails fast with a retriable connection error.
    const nowhere = new Kafka({
      brokers: ['127.0.0.1:1'],
      clientId: 'nowhere',
      retry: { retries: 0 },
      connectionTimeout: 200,
      logLevel: logLevel.NOTHING,
    });
    const unreachable = createEventProducer({
      service: 'orders',
      catalog: topology.catalog,
      kafka: nowhere,
    });
    const events: RelayEvent[] = [];
    const relay = await startRelay({
      producer: unreachable,
      backoff: { baseMs: 10, maxMs: 50 },
      onEvent: (event) => events.push(event),
    });
    await waitFor(
      'two failed attempts',
      () => events.filter((e) => e.type === 'publish-failed').length >= 2,
    );
    await relay.stop();
    await unreachable.disconnect().catch(() => undefined);
    expect(await pendingRows(db)).toBe(1);
    expect(events.find((e) => e.type === 'publish-failed')).toMatchObject({
      pending: 1,
      retryInMs: expect.any(Number),
    });
    await startRelay();
    await readRecords(topology.kafka, topology.topic, 1);
  });

  if (driver === 'postgres') {
    it('publishes a transaction that commits after later ones were already published', async () => {
      // Marked rather than deleted: the rows' seqs show the late row was numbered before the others.
      await startRelay({ onPublished: 'mark' });
      let releaseLate!: () => void;
      const lateMayCommit = new Promise<void>((resolve) => (releaseLate = resolve));
      // Takes its seq first, commits last.
      const late = db.transaction(async (tx) => {
        await outbox.add(tx, {
          topic: topology.topic,
          aggregateId: 'late',
          payload: { orderId: 'late', seq: 1 },
        });
        await lateMayCommit;
      });
      await sleep(50);
      for (let seq = 1; seq <= 20; seq++) await add(`early-${seq}`, seq);
      const early = await readRecords(topology.kafka, topology.topic, 20);
      expect(early.map((r) => r.key)).not.toContain('late');
      releaseLate();
      await late;
      const all = await readRecords(topology.kafka, topology.topic, 21);
      expect(all.map((r) => r.key)).toContain('late');
      const { rows } = await db.query<{ seq: string }>(
        "SELECT seq FROM outbox WHERE aggregateid = 'late'",
      );
      const { rows: later } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM outbox WHERE seq > $1',
        [rows[0].seq],
      );
      expect(later[0].n).toBe(20); // every early row had a higher seq and was published before it
    });
  }
});
