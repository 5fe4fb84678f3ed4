import type { ConsumerEvent, EventConsumer } from './event-consumer';
import { createKafkaEventConsumer, type KafkaEventConsumerOptions } from './kafkajs-event-consumer';
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

describe('manual-commit consumer: a second instance joins mid-stream', () => {
  const EVENTS = 4_000;
  let topology: TestTopology;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    topology = await createTestTopology(12);
    await provision(topology, {
      subscriptions: [{ topic: topology.topic }],
      retry: { retryTopicDelaysMs: [] },
    });
    await produce(
      topology.kafka,
      topology.topic,
      Array.from({ length: EVENTS }, (_, i) =>
        eventMessage(topology.topic, `order-${i % 100}`, { id: `e-${i}`, seq: i }, undefined),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await topology.admin.disconnect();
  });

  it('loses nothing across the rebalance and commits everything', async () => {
    const handledBy = new Map<string, string[]>();
    const joins: Record<string, number> = { a: 0, b: 0 };
    const instance = (name: string): KafkaEventConsumerOptions => ({
      kafka: topology.kafka,
      service: topology.service,
      catalog: topology.catalog,
      subscriptions: [
        {
          topic: topology.topic,
          handler: async (event: { data: OrderPlaced }) => {
            // Slow enough that the second instance joins while most events are still unread.
            await new Promise((resolve) => setTimeout(resolve, 2));
            handledBy.set(event.data.id, [...(handledBy.get(event.data.id) ?? []), name]);
          },
        },
      ],
      retry: { retryTopicDelaysMs: [] },
      partitionsConsumedConcurrently: 4,
      commit: { mode: 'interval', intervalMs: 200 },
      session: fastSession,
      logger: silentLogger,
      onEvent: (event: ConsumerEvent) => {
        if (event.type === 'group-joined') joins[name]++;
      },
    });
    const a = createKafkaEventConsumer(instance('a'));
    consumers.push(a);
    await a.start();
    await waitFor('a head start', () => handledBy.size >= 500);
    const b = createKafkaEventConsumer(instance('b'));
    consumers.push(b);
    await b.start();
    await waitFor('every event', () => handledBy.size === EVENTS, 60_000);
    await Promise.all([a.stop(), b.stop()]);

    const missing = Array.from({ length: EVENTS }, (_, i) => `e-${i}`).filter(
      (id) => !handledBy.has(id),
    );
    expect(missing).toEqual([]);
    const byB = [...handledBy.values()].filter((names) => names.includes('b')).length;
    expect(byB).toBeGreaterThan(0);
    expect(joins.a).toBeGreaterThanOrEqual(2);
    const duplicates = [...handledBy.values()].filter((names) => names.length > 1).length;
    // At-least-once: redelivery is allowed, but only of what was not committed at the rebalance.
    expect(duplicates).toBeLessThan(EVENTS / 4);
    expect(await committedOffsets(topology.admin, topology.service, topology.topic)).toEqual(
      await highWatermarks(topology.admin, topology.topic),
    );
  });
});
