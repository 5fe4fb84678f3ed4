import type { EventConsumer } from './event-consumer';
import { createKafkaEventConsumer } from './kafkajs-event-consumer';
import {
  committedOffsets,
  createTestTopology,
  eventMessage,
  fastSession,
  highWatermarks,
  type OrderPlaced,
  produce,
  provision,
  silentLogger,
  type TestTopology,
  waitFor,
} from './consumer.spec-helper';

describe('manual-commit consumer: per-key order', () => {
  const KEYS = 200;
  const PER_KEY = 50;
  let topology: TestTopology;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    topology = await createTestTopology(12);
    await provision(topology, {
      subscriptions: [{ topic: topology.topic }],
      retry: { retryTopicDelaysMs: [500] },
    });
    // Interleaved across keys, in order within each key: 10,000 events over 12 partitions.
    const messages = [];
    for (let seq = 0; seq < PER_KEY; seq++) {
      for (let k = 0; k < KEYS; k++)
        messages.push(eventMessage(topology.topic, `order-${k}`, { id: `order-${k}`, seq }));
    }
    await produce(topology.kafka, topology.topic, messages);
  });

  afterAll(async () => {
    await consumer?.stop();
    await topology.admin.disconnect();
  });

  it('hands every key its 10,000 events in order while partitions run in parallel, and commits them all on stop', async () => {
    const seen = new Map<string, number[]>();
    const partitionsInFlight = new Set<number>();
    let handled = 0;
    let maxParallelPartitions = 0;
    consumer = createKafkaEventConsumer({
      kafka: topology.kafka,
      service: topology.service,
      catalog: topology.catalog,
      subscriptions: [
        {
          topic: topology.topic,
          handler: async (event: { key: string; data: OrderPlaced }, context) => {
            partitionsInFlight.add(context.partition);
            maxParallelPartitions = Math.max(maxParallelPartitions, partitionsInFlight.size);
            // Yield so handlers of other partitions can interleave, as I/O-bound handlers do.
            await new Promise((resolve) => setImmediate(resolve));
            const list = seen.get(event.key) ?? [];
            list.push(event.data.seq);
            seen.set(event.key, list);
            handled++;
            partitionsInFlight.delete(context.partition);
          },
        },
      ],
      retry: { retryTopicDelaysMs: [500] },
      partitionsConsumedConcurrently: 6,
      session: fastSession,
      logger: silentLogger,
    });
    await consumer.start();
    await waitFor('10,000 handled events', () => handled >= KEYS * PER_KEY, 60_000);
    await consumer.stop();

    expect(seen.size).toBe(KEYS);
    const expected = Array.from({ length: PER_KEY }, (_, seq) => seq);
    const outOfOrder = [...seen]
      .filter(([, seqs]) => seqs.join() !== expected.join())
      .map(([key]) => key);
    expect(outOfOrder).toEqual([]);
    expect(handled).toBe(KEYS * PER_KEY);
    expect(maxParallelPartitions).toBeGreaterThan(1);
    const committed = await committedOffsets(topology.admin, topology.service, topology.topic);
    expect(committed).toEqual(await highWatermarks(topology.admin, topology.topic));
  });
});
