import { randomUUID } from 'node:crypto';
import type { Database } from '@platform/database';
import {
  EnvelopeHeader,
  MissingKeyError,
  SchemaValidationError,
  UnknownTopicError,
} from '@platform/kafka';
import { DATABASE_DRIVERS, openTestDatabase, type OpenTestDatabase } from '@platform/testing';
import { createOutboxRelay } from '../relay';
import { migrateOutbox } from '../schema';
import {
  createTestTopology,
  emptyTables,
  readRecords,
  sleep,
  testProducer,
  type TestTopology,
} from '../outbox.spec-helper';
import { createOutbox, type Outbox } from './outbox';

describe.each(DATABASE_DRIVERS)('outbox.add on %s', (driver) => {
  let opened: OpenTestDatabase;
  let db: Database;
  let topology: TestTopology;
  let outbox: Outbox;

  beforeAll(async () => {
    [opened, topology] = await Promise.all([openTestDatabase(driver), createTestTopology()]);
    db = opened.db;
    await migrateOutbox(db);
    await db.exec('CREATE TABLE orders (id text PRIMARY KEY, total int NOT NULL)');
    outbox = createOutbox({ catalog: topology.catalog });
  });

  afterAll(async () => {
    await topology?.admin.disconnect();
    await opened?.drop();
  });

  beforeEach(async () => {
    await emptyTables(db);
    await db.exec('TRUNCATE orders');
  });

  it('writes the row in the caller transaction, with the Debezium columns and the envelope headers', async () => {
    const record = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO orders (id, total) VALUES ($1, $2)', ['o-1', 42]);
      return outbox.add(tx, {
        topic: topology.topic,
        aggregateId: 'o-1',
        payload: { orderId: 'o-1', seq: 1, extra: 'stripped by the schema' },
        correlationId: 'corr-1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      });
    });
    expect(record).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      topic: topology.topic,
      aggregateId: 'o-1',
    });
    const { rows } = await db.query(
      'SELECT id, aggregatetype, aggregateid, type, topic, payload, headers, created_at, published_at, vpartition FROM outbox',
    );
    expect(rows).toEqual([
      {
        id: record.id,
        aggregatetype: 'order',
        aggregateid: 'o-1',
        type: topology.topic,
        topic: topology.topic,
        payload: { orderId: 'o-1', seq: 1 },
        headers: {
          [EnvelopeHeader.CorrelationId]: 'corr-1',
          [EnvelopeHeader.TraceParent]: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
        created_at: expect.any(Date),
        published_at: null,
        vpartition: expect.any(Number),
      },
    ]);
  });

  it('writes nothing for a rolled-back transaction, so the relay publishes nothing', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO orders (id, total) VALUES ($1, $2)', ['o-2', 7]);
        await outbox.add(tx, {
          topic: topology.topic,
          aggregateId: 'o-2',
          payload: { orderId: 'o-2', seq: 1 },
        });
        throw new Error('payment declined');
      }),
    ).rejects.toThrow('payment declined');
    // A committed marker event afterwards: once it is on the topic, the relay has looked at everything before it.
    await db.transaction((tx) =>
      outbox.add(tx, {
        topic: topology.topic,
        aggregateId: 'marker',
        payload: { orderId: 'marker', seq: 1 },
      }),
    );
    expect((await db.query('SELECT aggregateid FROM outbox')).rows).toEqual([
      { aggregateid: 'marker' },
    ]);

    const producer = testProducer(topology);
    const relay = createOutboxRelay({ db, producer, pollIntervalMs: 50 });
    await relay.start();
    try {
      const records = await readRecords(topology.kafka, topology.topic, 1, { settleMs: 500 });
      expect(records.map((r) => r.key)).toEqual(['marker']);
      expect((await db.query('SELECT count(*)::int AS n FROM orders')).rows).toEqual([{ n: 0 }]);
    } finally {
      await relay.stop();
      await producer.disconnect();
    }
  });

  it('refuses bad input inside the caller transaction with the producer error classes; nothing is written, the transaction goes on', async () => {
    const refusals = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO orders (id, total) VALUES ($1, $2)', ['o-3', 10]);
      const errors = await Promise.all(
        [
          () =>
            outbox.add(tx, {
              topic: 'billing.invoice.created',
              aggregateId: 'o-3',
              payload: { orderId: 'o-3', seq: 1 },
            }),
          () =>
            outbox.add(tx, {
              topic: 'Not A Topic',
              aggregateId: 'o-3',
              payload: { orderId: 'o-3', seq: 1 },
            }),
          () =>
            outbox.add(tx, {
              topic: topology.topic,
              aggregateId: 'o-3',
              payload: { orderId: 'o-3', seq: 'one' },
            }),
          () =>
            outbox.add(tx, {
              topic: topology.topic,
              aggregateId: '',
              payload: { orderId: 'o-3', seq: 1 },
            }),
          () =>
            outbox.add(tx, {
              topic: topology.topic,
              aggregateId: undefined as unknown as string,
              payload: { orderId: 'o-3', seq: 1 },
            }),
          () =>
            outbox.addMany(tx, [
              { topic: topology.topic, aggregateId: 'o-3', payload: { orderId: 'o-3', seq: 1 } },
              { topic: topology.topic, aggregateId: 'o-3', payload: { seq: 2 } },
            ]),
        ].map((attempt) =>
          attempt().then(
            () => undefined,
            (error: unknown) => error,
          ),
        ),
      );
      // The transaction is still usable: the refusals happened before any SQL.
      await tx.query('UPDATE orders SET total = 11 WHERE id = $1', ['o-3']);
      return errors;
    });
    expect(refusals.map((error) => (error as Error).constructor)).toEqual([
      UnknownTopicError,
      UnknownTopicError,
      SchemaValidationError,
      MissingKeyError,
      MissingKeyError,
      SchemaValidationError,
    ]);
    expect((refusals[2] as Error).message).toBe(
      `Invalid payload for topic "${topology.topic}": seq: Invalid input: expected number, received string`,
    );
    expect((await db.query('SELECT id, total FROM orders')).rows).toEqual([
      { id: 'o-3', total: 11 },
    ]);
    expect((await db.query('SELECT count(*)::int AS n FROM outbox')).rows).toEqual([{ n: 0 }]);
  });

  it('refuses text Postgres cannot store (NUL, a lone surrogate) before any SQL; the transaction goes on', async () => {
    const valid = {
      topic: topology.topic,
      aggregateId: 'o-4',
      payload: { orderId: 'o-4', seq: 1 },
    };
    const refusals = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO orders (id, total) VALUES ($1, $2)', ['o-4', 10]);
      const errors: unknown[] = [];
      for (const event of [
        { ...valid, aggregateId: 'o-\u0000' },
        { ...valid, aggregateType: 'order\u0000' },
        { ...valid, payload: { orderId: 'o-\u0000', seq: 1 } },
        { ...valid, payload: { orderId: 'o-\ud800', seq: 1 } },
        { ...valid, correlationId: 'c-\u0000' },
        { ...valid, subject: 'line-\udc00' },
      ]) {
        errors.push(await outbox.add(tx, event).catch((error: unknown) => error));
        errors.push(await outbox.addMany(tx, [valid, event]).catch((error: unknown) => error));
      }
      // Still usable: nothing reached Postgres.
      await tx.query('UPDATE orders SET total = 11 WHERE id = $1', ['o-4']);
      return errors;
    });
    expect(refusals.map((error) => (error as Error).constructor)).toEqual([
      TypeError,
      TypeError,
      TypeError,
      TypeError,
      SchemaValidationError,
      SchemaValidationError,
      SchemaValidationError,
      SchemaValidationError,
      TypeError,
      TypeError,
      TypeError,
      TypeError,
    ]);
    expect((refusals[0] as Error).message).toBe(
      `Invalid aggregateId for topic "${topology.topic}": contains a NUL character (\\u0000), which Postgres cannot store`,
    );
    expect((refusals[4] as Error).message).toBe(
      `Invalid payload for topic "${topology.topic}": (root): cannot be stored as jsonb: a string contains a NUL character (\\u0000)`,
    );
    expect((refusals[6] as Error).message).toBe(
      `Invalid payload for topic "${topology.topic}": (root): cannot be stored as jsonb: a string contains a lone surrogate (\\ud800)`,
    );
    expect((await db.query('SELECT id, total FROM orders')).rows).toEqual([
      { id: 'o-4', total: 11 },
    ]);
    expect((await db.query('SELECT count(*)::int AS n FROM outbox')).rows).toEqual([{ n: 0 }]);
  });

  it('stores a payload whose text merely looks like an escape, and non-ASCII and long aggregate ids', async () => {
    const long = 'ü'.repeat(5_000);
    await db.transaction((tx) =>
      outbox.addMany(tx, [
        { topic: topology.topic, aggregateId: long, payload: { orderId: '\\u0000', seq: 1 } },
        { topic: topology.topic, aggregateId: '注文-1', payload: { orderId: '\\ud800😀', seq: 2 } },
      ]),
    );
    const { rows } = await db.query(
      "SELECT aggregateid, payload->>'orderId' AS order_id FROM outbox ORDER BY seq",
    );
    expect(rows).toEqual([
      { aggregateid: long, order_id: '\\u0000' },
      { aggregateid: '注文-1', order_id: '\\ud800😀' },
    ]);
  });

  it('refuses an event id the outbox already holds or that addMany repeats; nothing is written, the transaction goes on', async () => {
    const id = randomUUID();
    const event = (aggregateId: string, eventId?: string) => ({
      topic: topology.topic,
      aggregateId,
      payload: { orderId: aggregateId, seq: 1 },
      ...(eventId === undefined ? {} : { id: eventId }),
    });
    await db.transaction((tx) => outbox.add(tx, event('o-5', id)));
    const refusals = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO orders (id, total) VALUES ($1, $2)', ['o-6', 10]);
      const errors = [
        await outbox.add(tx, event('o-6', id.toUpperCase())).catch((error: unknown) => error),
        await outbox.addMany(tx, [event('o-6'), event('o-6', id)]).catch((error: unknown) => error),
      ];
      const twice = randomUUID();
      errors.push(
        await outbox
          .addMany(tx, [event('o-6', twice), event('o-7', twice)])
          .catch((error: unknown) => error),
      );
      await tx.query('UPDATE orders SET total = 11 WHERE id = $1', ['o-6']);
      await outbox.add(tx, event('o-6'));
      return errors;
    });
    expect(refusals.map((error) => (error as Error).message)).toEqual([
      `Invalid event id for topic "${topology.topic}": the outbox already holds an event with id ${id}`,
      `Invalid event id for topic "${topology.topic}": the outbox already holds an event with id ${id}`,
      expect.stringMatching(/^Invalid event id for topic ".*": addMany was given the id .* twice$/),
    ]);
    expect((await db.query('SELECT id, total FROM orders')).rows).toEqual([
      { id: 'o-6', total: 11 },
    ]);
    expect((await db.query('SELECT aggregateid FROM outbox ORDER BY seq')).rows).toEqual([
      { aggregateid: 'o-5' },
      { aggregateid: 'o-6' },
    ]);
  });

  it('writes several events in one statement, in order, with addMany', async () => {
    const records = await db.transaction((tx) =>
      outbox.addMany(
        tx,
        [1, 2, 3].map((seq) => ({
          topic: topology.topic,
          aggregateId: `o-${seq % 2}`,
          payload: { orderId: `o-${seq % 2}`, seq },
        })),
      ),
    );
    const { rows } = await db.query<{ id: string; seq: string }>(
      'SELECT id, seq FROM outbox ORDER BY seq',
    );
    expect(rows.map((row) => row.id)).toEqual(records.map((record) => record.id));
  });

  if (driver === 'postgres') {
    it('makes a second writer of the same aggregate wait, so seq order is commit order', async () => {
      let releaseFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
      const first = db.transaction(async (tx) => {
        await outbox.add(tx, {
          topic: topology.topic,
          aggregateId: 'o-9',
          payload: { orderId: 'o-9', seq: 1 },
        });
        await firstMayCommit;
      });
      await sleep(100);
      const second = db.transaction((tx) =>
        outbox.add(tx, {
          topic: topology.topic,
          aggregateId: 'o-9',
          payload: { orderId: 'o-9', seq: 2 },
        }),
      );
      const other = db.transaction((tx) =>
        outbox.add(tx, {
          topic: topology.topic,
          aggregateId: 'o-10',
          payload: { orderId: 'o-10', seq: 1 },
        }),
      );
      await other; // another aggregate is not held up
      await sleep(100);
      expect((await db.query('SELECT count(*)::int AS n FROM outbox')).rows).toEqual([{ n: 1 }]);
      releaseFirst();
      await Promise.all([first, second]);
      const { rows } = await db.query(
        "SELECT payload->>'seq' AS seq FROM outbox WHERE aggregateid = 'o-9' ORDER BY seq",
      );
      expect(rows).toEqual([{ seq: '1' }, { seq: '2' }]);
    });
  }
});
