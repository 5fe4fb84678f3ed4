import { EnvelopeHeader, type EventProducer } from '@platform/kafka';
import {
  openTestDatabase,
  type OpenTestDatabase,
  type OwnKafkaBroker,
  startOwnKafkaBroker,
} from '@platform/testing';
import { createOutbox } from '../outbox';
import {
  createTestTopology,
  pendingRows,
  readRecords,
  sleep,
  testProducer,
  waitFor,
  type TestTopology,
} from '../outbox.spec-helper';
import { migrateOutbox } from '../schema';
import { createOutboxRelay, type OutboxRelay } from './outbox-relay';
import type { RelayEvent } from './relay-events';

const OUTAGE_MS = 30_000;

/**
 * Stops a broker for 30 s under two running relays (one per driver, so both share the outage) and
 * counts what arrives. It runs its OWN single-node kafka-local cluster: stopping the shared dev
 * broker would break every other suite running at the same time.
 */
describe('relays while the broker is down for 30 s', () => {
  let broker: OwnKafkaBroker;
  let topology: TestTopology;
  const databases: OpenTestDatabase[] = [];
  const producers: EventProducer[] = [];
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    broker = await startOwnKafkaBroker('outage-it');
    [topology] = await Promise.all([
      createTestTopology(3, broker.kafka),
      ...['postgres', 'pglite'].map(async (driver) =>
        databases.push(await openTestDatabase(driver as 'postgres')),
      ),
    ]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
    await Promise.all(producers.map((producer) => producer.disconnect().catch(() => undefined)));
    await topology?.admin.disconnect();
    await Promise.all(databases.map((opened) => opened.drop()));
    await broker?.remove();
  }, 120_000);

  it('keeps every row while the broker is away and drains the backlog when it is back: nothing lost', async () => {
    const outbox = createOutbox({ catalog: topology.catalog });
    const failures = new Map<string, number>();
    for (const { db, driver } of databases) {
      await migrateOutbox(db);
      const producer = testProducer(topology);
      producers.push(producer);
      const relay = createOutboxRelay({
        db,
        producer,
        pollIntervalMs: 100,
        backoff: { baseMs: 200, maxMs: 2_000 },
        onEvent: (event: RelayEvent) => {
          if (event.type === 'publish-failed')
            failures.set(driver, (failures.get(driver) ?? 0) + 1);
        },
      });
      relays.push(relay);
      await relay.start();
    }
    const written = new Set<string>();
    const write = async (round: number, count: number): Promise<void> => {
      await Promise.all(
        databases.map(async ({ db, driver }) => {
          const events = Array.from({ length: count }, (_, i) => ({
            topic: topology.topic,
            aggregateId: `${driver}-${i % 20}`,
            payload: { orderId: `${driver}-${i % 20}`, seq: round * 1000 + i },
          }));
          const records = await db.transaction((tx) => outbox.addMany(tx, events));
          for (const record of records) written.add(record.id);
        }),
      );
    };

    await write(0, 50);
    await waitFor('the first events published', async () =>
      (await Promise.all(databases.map(({ db }) => pendingRows(db)))).every((n) => n === 0),
    );

    await broker.stop();
    const outageStarted = Date.now();
    for (let round = 1; Date.now() - outageStarted < OUTAGE_MS; round++) {
      await write(round, 20);
      await sleep(1_000);
    }
    const backlog = await Promise.all(databases.map(({ db }) => pendingRows(db)));
    expect(backlog.every((n) => n > 0)).toBe(true); // the rows waited in the outbox
    expect([...failures.keys()].sort()).toEqual(['pglite', 'postgres']); // both relays kept trying

    await broker.start();
    await waitFor(
      'both backlogs drained',
      async () =>
        (await Promise.all(databases.map(({ db }) => pendingRows(db)))).every((n) => n === 0),
      120_000,
    );
    const records = await readRecords(topology.kafka, topology.topic, written.size, {
      timeoutMs: 60_000,
      settleMs: 500,
    });
    const arrived = new Set(records.map((record) => record.headers[EnvelopeHeader.Id]));
    const missing = [...written].filter((id) => !arrived.has(id));
    expect(missing).toEqual([]);
    expect(written.size).toBeGreaterThan(100 + 2 * 20 * 25);
  }, 300_000);
});
