import type { Database } from '@platform/database';
import type { EventProducer } from '@platform/kafka';
import { DATABASE_DRIVERS, openTestDatabase, type OpenTestDatabase } from '@platform/testing';
import { createOutbox } from '../outbox';
import {
  createTestTopology,
  pendingRows,
  readRecords,
  testProducer,
  waitFor,
  type TestTopology,
} from '../outbox.spec-helper';
import { migrateOutbox } from '../schema';
import { createOutboxRelay, type OutboxRelay } from './outbox-relay';

const AGGREGATES = 1_000;
const EVENTS_PER_AGGREGATE = 10;
const WRITERS = 4;
const RELAYS = 3;

describe.each(DATABASE_DRIVERS)('three relays at once on %s', (driver) => {
  let opened: OpenTestDatabase;
  let db: Database;
  let topology: TestTopology;
  const producers: EventProducer[] = [];
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    [opened, topology] = await Promise.all([openTestDatabase(driver), createTestTopology(6)]);
    db = opened.db;
    await migrateOutbox(db);
  });

  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
    await Promise.all(producers.map((producer) => producer.disconnect()));
    await topology?.admin.disconnect();
    await opened?.drop();
  });

  it(`publishes ${AGGREGATES * EVENTS_PER_AGGREGATE} events of ${AGGREGATES} aggregates, each aggregate's in order, while writers are still writing`, async () => {
    const published = new Map<number, number>();
    for (let i = 0; i < RELAYS; i++) {
      const producer = testProducer(topology);
      producers.push(producer);
      // Small batches and few partitions per batch: the relays contend for partitions all the time.
      const relay = createOutboxRelay({
        db,
        producer,
        batchSize: 50,
        partitionsPerBatch: 8,
        pollIntervalMs: 50,
        onEvent: (event) => {
          if (event.type === 'published')
            published.set(i, (published.get(i) ?? 0) + event.ids.length);
        },
      });
      relays.push(relay);
      await relay.start();
    }

    // Each writer owns every WRITERS-th aggregate. A transaction carries the next few events
    // (2-8) of each of five aggregates, so one aggregate's events sit close together in seq and
    // straddle the relays' small batches all the time, while the relays publish.
    const outbox = createOutbox({ catalog: topology.catalog });
    const writer = async (w: number): Promise<void> => {
      const mine = Array.from({ length: AGGREGATES / WRITERS }, (_, i) => i * WRITERS + w);
      for (let group = 0; group < mine.length; group += 5) {
        const aggregates = mine.slice(group, group + 5);
        let seq = 1;
        while (seq <= EVENTS_PER_AGGREGATE) {
          const size = Math.min(2 + ((group + seq) % 7), EVENTS_PER_AGGREGATE - seq + 1);
          const events = aggregates.flatMap((a) =>
            Array.from({ length: size }, (_, i) => ({
              topic: topology.topic,
              aggregateId: `agg-${a}`,
              payload: { orderId: `agg-${a}`, seq: seq + i },
            })),
          );
          await db.transaction((tx) => outbox.addMany(tx, events));
          seq += size;
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

    const total = AGGREGATES * EVENTS_PER_AGGREGATE;
    const records = await readRecords(topology.kafka, topology.topic, total, {
      timeoutMs: 120_000,
      settleMs: 500,
    });
    await waitFor('every row marked', async () => (await pendingRows(db)) === 0);

    expect(records).toHaveLength(total); // nothing lost, nothing twice
    const byAggregate = new Map<string, number[]>();
    for (const record of records.sort(
      (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
    )) {
      const seen = byAggregate.get(record.key) ?? [];
      seen.push(record.value.seq);
      byAggregate.set(record.key, seen);
    }
    expect(byAggregate.size).toBe(AGGREGATES);
    const expected = Array.from({ length: EVENTS_PER_AGGREGATE }, (_, i) => i + 1);
    const outOfOrder = [...byAggregate].filter(([, seqs]) => seqs.join() !== expected.join());
    expect(outOfOrder).toEqual([]);
    // All three relays did part of the work.
    expect([...published.keys()].sort()).toEqual([0, 1, 2]);
    expect([...published.values()].reduce((a, b) => a + b, 0)).toBe(total);
  }, 180_000);
});
