import type { Database } from '@platform/database';
import type { EventConsumer, EventProducer } from '@platform/kafka';
import {
  endSessions,
  listeningSessions,
  openTestDatabase,
  type OpenTestDatabase,
  uniqueName,
} from '@platform/testing';
import { inboxHandler } from '../inbox';
import { createOutbox } from '../outbox';
import {
  createTestTopology,
  type OrderPlaced,
  pendingRows,
  sleep,
  startInboxConsumer,
  testProducer,
  waitFor,
  type TestTopology,
} from '../outbox.spec-helper';
import { migrateOutbox } from '../schema';
import { createOutboxRelay, type OutboxRelay } from './outbox-relay';

const ROUNDS = 12;
const EVENTS_PER_ROUND = 50;

/**
 * What a Postgres failover or restart does to a running service: the server ends every session.
 * Here pg_terminate_backend ends all of the service database's sessions (the relay's pooled
 * connections and its LISTEN connection, the inbox consumer's transactions) several times while
 * events flow. Postgres only: PGlite runs inside the process and has no sessions to end.
 */
describe('a relay and an inbox consumer while Postgres ends their sessions', () => {
  let opened: OpenTestDatabase;
  let topology: TestTopology;
  let producer: EventProducer | undefined;
  let relay: OutboxRelay | undefined;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    [opened, topology] = await Promise.all([openTestDatabase('postgres'), createTestTopology()]);
  });

  afterAll(async () => {
    await relay?.stop();
    await producer?.disconnect();
    await consumer?.stop();
    await topology?.admin.disconnect();
    await opened?.drop();
  });

  const url = (): string => (opened.location as { url: string }).url;
  /** The relay's wake-up hint connection: the session whose last statement was LISTEN. */
  const listenerPid = async (): Promise<number | undefined> => (await listeningSessions(url()))[0];

  it('recovers every time: each event is published and its effect applied exactly once', async () => {
    const { db } = opened;
    await migrateOutbox(db);
    await db.exec('CREATE TABLE applied (event_id text NOT NULL, seq int NOT NULL)');
    producer = testProducer(topology);
    await producer.connect();
    relay = createOutboxRelay({
      db,
      producer,
      pollIntervalMs: 200,
      backoff: { baseMs: 50, maxMs: 500 },
    });
    await relay.start();
    const group = uniqueName('billing');
    consumer = await startInboxConsumer(
      topology,
      group,
      inboxHandler<OrderPlaced>({ db, group }, async (event, tx) => {
        await tx.query('INSERT INTO applied (event_id, seq) VALUES ($1, $2)', [
          event.id,
          event.data.seq,
        ]);
      }),
    );

    let firstListener: number | undefined;
    await waitFor(
      'the relay LISTENs',
      async () => (firstListener = await listenerPid()) !== undefined,
    );
    const outbox = createOutbox({ catalog: topology.catalog });
    const written: string[] = [];
    let terminated = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const events = Array.from({ length: EVENTS_PER_ROUND }, (_, i) => ({
        topic: topology.topic,
        aggregateId: `o-${i % 10}`,
        payload: { orderId: `o-${i % 10}`, seq: round * EVENTS_PER_ROUND + i },
      }));
      const records = await writeRetryingLostSessions(db, (tx) => outbox.addMany(tx, events));
      written.push(...records.map((record) => record.id));
      // Every third round, while the relay and the consumer are busy with what was just written.
      if (round % 3 === 1) {
        await sleep(20);
        terminated += await endSessions([url()]);
      }
      await sleep(100);
    }

    // The checks' own queries may be handed a pooled session ended a moment ago: not yet, then.
    const appliedCount = async (): Promise<number> =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM applied')).rows[0].n;
    await waitFor(
      'every row published',
      async () => (await pendingRows(db).catch(() => -1)) === 0,
      60_000,
    );
    await waitFor(
      `every effect applied (${written.length})`,
      async () => (await appliedCount().catch(() => -1)) === written.length,
      60_000,
    );
    // No unique key on applied: an effect applied twice would show here, not fail an insert.
    const { rows } = await db.query<{ event_id: string }>('SELECT event_id FROM applied');
    expect(rows.map((row) => row.event_id).sort()).toEqual([...written].sort());
    expect(terminated).toBeGreaterThanOrEqual(4);
    // Its LISTEN session was ended too, and it came back: the wake-up hint is not silently lost.
    await waitFor('the relay LISTENs on a new session', async () => {
      const pid = await listenerPid();
      return pid !== undefined && pid !== firstListener;
    });
  }, 180_000);
});

/**
 * The writer's side: a transaction that fails because its session was ended never committed (the
 * ends come between writes), so it is written again, as a service would answer its caller with an
 * error and be called again.
 */
async function writeRetryingLostSessions<T>(
  db: Database,
  write: (tx: Parameters<Parameters<Database['transaction']>[0]>[0]) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(write);
    } catch (error) {
      if (attempt >= 5) throw error;
      await sleep(100);
    }
  }
}
