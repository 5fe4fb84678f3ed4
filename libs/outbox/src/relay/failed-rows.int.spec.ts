import type { Database } from '@platform/database';
import { defineCatalog, defineTopic, type EventProducer } from '@platform/kafka';
import { DATABASE_DRIVERS, openTestDatabase, type OpenTestDatabase } from '@platform/testing';
import { createOutbox, type Outbox } from '../outbox';
import {
  createTestTopology,
  orderPlaced,
  emptyTables,
  pendingRows,
  readRecords,
  sleep,
  testProducer,
  waitFor,
  type TestTopology,
} from '../outbox.spec-helper';
import { migrateOutbox } from '../schema';
import { main } from './failed-cli';
import { listFailedOutboxRows, requeueFailedOutboxRows } from './failed-rows';
import { createOutboxRelay, type OutboxRelay } from './outbox-relay';

describe.each(DATABASE_DRIVERS)('failed outbox rows on %s', (driver) => {
  let opened: OpenTestDatabase;
  let db: Database;
  let topology: TestTopology;
  let outbox: Outbox;
  let producer: EventProducer;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    opened = await openTestDatabase(driver);
    db = opened.db;
    await migrateOutbox(db);
    topology = await createTestTopology();
    outbox = createOutbox({ catalog: topology.catalog });
    producer = testProducer(topology);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await topology?.admin.disconnect();
    await opened?.drop();
  });

  beforeEach(() => emptyTables(db));

  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  /** A row of `orderId` the relay set aside, as it does with a row it cannot publish. */
  async function failedRow(orderId: string, error = 'UnknownTopicError: gone'): Promise<string> {
    const { id } = await db.transaction((tx) =>
      outbox.add(tx, { topic: topology.topic, aggregateId: orderId, payload: { orderId, seq: 1 } }),
    );
    await db.query('UPDATE outbox SET failed_at = now(), last_error = $2 WHERE id = $1', [
      id,
      error,
    ]);
    return id;
  }

  async function failedIds(): Promise<string[]> {
    return (await listFailedOutboxRows(db)).map((row) => row.id);
  }

  it('lists failed rows with their error, earliest failure first, narrowed by topic', async () => {
    const first = await failedRow('o-1', 'UnknownTopicError: Unknown topic "x"');
    await sleep(5); // distinct failed_at
    const second = await failedRow('o-2');
    await db.transaction((tx) =>
      outbox.add(tx, {
        topic: topology.topic,
        aggregateId: 'o-3',
        payload: { orderId: 'o-3', seq: 1 },
      }),
    );
    const rows = await listFailedOutboxRows(db);
    expect(rows).toEqual([
      expect.objectContaining({
        id: first,
        topic: topology.topic,
        aggregateId: 'o-1',
        lastError: 'UnknownTopicError: Unknown topic "x"',
        failedAt: expect.any(Date),
        createdAt: expect.any(Date),
      }),
      expect.objectContaining({ id: second, aggregateId: 'o-2' }),
    ]);
    expect(await listFailedOutboxRows(db, { limit: 1 })).toHaveLength(1);
    expect(await listFailedOutboxRows(db, { topic: 'orders.order.other' })).toEqual([]);
    await expect(listFailedOutboxRows(db, { limit: 0 })).rejects.toThrow(
      'Invalid limit, expected a whole number from 1 to 10000 received 0',
    );
  });

  it('requeues the rows asked for, and a sleeping relay is woken to publish them', async () => {
    const kept = await failedRow('o-1');
    const requeued = await failedRow('o-2');
    relay = createOutboxRelay({ db, producer, pollIntervalMs: 60_000, cleanupIntervalMs: 0 });
    await relay.start();
    await sleep(200); // the first (empty) poll is over: only a notification wakes the relay now
    expect(await requeueFailedOutboxRows(db, { ids: [requeued] })).toBe(1);
    const records = await readRecords(topology.kafka, topology.topic, 1, { timeoutMs: 10_000 });
    expect(records.map((record) => record.key)).toEqual(['o-2']);
    await waitFor('the requeued row marked', async () => (await pendingRows(db)) === 0);
    expect(await failedIds()).toEqual([kept]);
  });

  it('requeues by topic or all, and counts only rows that had failed', async () => {
    await failedRow('o-1');
    await failedRow('o-2');
    expect(await requeueFailedOutboxRows(db, { topic: 'orders.order.other' })).toBe(0);
    expect(await requeueFailedOutboxRows(db, { topic: topology.topic })).toBe(2);
    expect(await requeueFailedOutboxRows(db, { all: true })).toBe(0);
    expect(await pendingRows(db)).toBe(2);
    const { rows } = await db.query<{ last_error: string | null }>('SELECT last_error FROM outbox');
    expect(rows).toEqual([{ last_error: null }, { last_error: null }]);
  });

  it.each([
    [{}, 'expected exactly one of { ids }, { topic } or { all: true }, received none'],
    [{ ids: ['x'], all: true }, 'received ids and all'],
    [{ all: false }, 'all must be true, received false'],
    [{ ids: [] }, 'ids must be a non-empty array of event ids (uuids)'],
    [{ ids: ['order-1'] }, '"order-1" is not an event id; expected a uuid'],
    [{ topic: '' }, 'topic must be a topic name'],
  ])('refuses the selection %j and changes nothing', async (selection, message) => {
    const id = await failedRow('o-1');
    await expect(requeueFailedOutboxRows(db, selection as never)).rejects.toThrow(message);
    expect(await failedIds()).toEqual([id]);
  });
});

describe('outbox failed (the operator command), on postgres', () => {
  let opened: OpenTestDatabase;
  let url: string;
  let outbox: Outbox;
  const topic = 'orders.order.placed';

  beforeAll(async () => {
    opened = await openTestDatabase('postgres');
    url = (opened.location as { url: string }).url;
    await migrateOutbox(opened.db);
    const catalog = defineCatalog({
      service: 'orders',
      topics: [defineTopic({ name: topic, partitions: 3, key: 'order id', schema: orderPlaced })],
    });
    outbox = createOutbox({ catalog });
  });

  afterAll(() => opened?.drop());

  async function run(...argv: string[]): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await main(argv, {}, (line) => lines.push(line));
    return { code, lines };
  }

  it('lists failed rows, then requeues the one given by id and nothing else', async () => {
    const ids: string[] = [];
    for (const orderId of ['o-1', 'o-2']) {
      const { id } = await opened.db.transaction((tx) =>
        outbox.add(tx, { topic, aggregateId: orderId, payload: { orderId, seq: 1 } }),
      );
      ids.push(id);
    }
    await opened.db.query(
      `UPDATE outbox SET failed_at = now(), last_error = 'UnknownTopicError: gone'`,
    );
    const listed = await run('list', '--url', url);
    expect(listed.code).toBe(0);
    expect(listed.lines).toHaveLength(3);
    expect(listed.lines[0]).toContain(`${topic}  key=o-1  UnknownTopicError: gone`);
    expect(listed.lines[2]).toBe('2 failed row(s)');
    expect((await run('list', '--url', url, '--limit=1')).lines[1]).toBe(
      '1 failed row(s) shown (more may exist: --limit)',
    );
    expect(await run('requeue', `--url=${url}`, '--id', ids[1])).toEqual({
      code: 0,
      lines: ['requeued 1 row(s): the relays publish them next'],
    });
    expect((await listFailedOutboxRows(opened.db)).map((row) => row.id)).toEqual([ids[0]]);
  });

  it.each([
    [[], 'expected the command list or requeue, received none.'],
    [
      ['requeue', '--url', 'x'],
      'requeue needs exactly one of --id <uuid> (repeatable), --topic <name> or --all.',
    ],
    [['requeue', '--all', '--topic', 't', '--url', 'x'], 'requeue needs exactly one of'],
    [['requeue', '--al', '--url', 'x'], 'unknown argument "--al".'],
    [['list', '--limit', 'ten', '--url', 'x'], '--limit needs a whole number, received "ten".'],
    [['list', '--limit', '5', '--limit=7', '--url', 'x'], '--limit given twice.'],
    [
      ['list', '--topic', 't', '--data-dir', './data', '--url', 'x'],
      '--url and --data-dir exclude',
    ],
    [['list', '--all', '--url', 'x'], 'list takes --topic and --limit, not --id or --all.'],
    [['list'], 'no database given.'],
  ])(
    'refuses %j with a usage error (exit 2) before opening any database',
    async (argv, message) => {
      const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        expect(await run(...argv)).toEqual({ code: 2, lines: [] });
        expect(errors.mock.calls[0][0]).toContain(message);
      } finally {
        errors.mockRestore();
      }
    },
  );
});
