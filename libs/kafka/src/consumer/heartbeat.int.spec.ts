import type { EventConsumer } from './event-consumer';
import { createKafkaEventConsumer } from './kafkajs-event-consumer';
import {
  createTestTopology,
  eventMessage,
  fastSession,
  type OrderPlaced,
  produce,
  provision,
  silentLogger,
  type TestTopology,
  waitFor,
} from './consumer.spec-helper';

describe('manual-commit consumer: heartbeats during a long handler', () => {
  let topology: TestTopology;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    topology = await createTestTopology(1);
    await provision(topology, {
      subscriptions: [{ topic: topology.topic }],
      retry: { retryTopicDelaysMs: [] },
    });
  });

  afterAll(async () => {
    await consumer?.stop();
    await topology.admin.disconnect();
  });

  it('keeps the member in the group while a handler runs longer than the session timeout', async () => {
    const calls: string[] = [];
    let joins = 0;
    consumer = createKafkaEventConsumer({
      kafka: topology.kafka,
      service: topology.service,
      catalog: topology.catalog,
      subscriptions: [
        {
          topic: topology.topic,
          // Never calls context.heartbeat(): the consumer's own timer must keep the session alive.
          handler: async (event: { data: OrderPlaced }) => {
            calls.push(event.data.id);
            if (event.data.id === 'slow')
              await new Promise((resolve) =>
                setTimeout(resolve, fastSession.sessionTimeoutMs + 2_000),
              );
          },
        },
      ],
      retry: { retryTopicDelaysMs: [] },
      session: { ...fastSession, heartbeatIntervalMs: 1_000 },
      logger: silentLogger,
      onEvent: (event) => {
        if (event.type === 'group-joined') joins++;
      },
    });
    await consumer.start();
    await produce(topology.kafka, topology.topic, [
      eventMessage(topology.topic, 'order-1', { id: 'slow', seq: 0 }),
      eventMessage(topology.topic, 'order-1', { id: 'next', seq: 1 }),
    ]);
    await waitFor('the next event', () => calls.includes('next'), 20_000);
    // Evicted members rejoin and get the uncommitted slow event again; a live one does not.
    expect(calls).toEqual(['slow', 'next']);
    expect(joins).toBe(1);
    const { groups } = await topology.admin.describeGroups([topology.service]);
    expect(groups[0]).toMatchObject({ state: 'Stable' });
    expect(groups[0].members).toHaveLength(1);
  }, 30_000);
});
