import { type OwnKafkaBroker, startOwnKafkaBroker } from '@platform/testing';
import type { ConsumerEvent, EventConsumer } from './event-consumer';
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

const OUTAGE_MS = 20_000;
const EVENTS_PER_PHASE = 600;

/**
 * Stops the broker for 20 s under a running manual-commit consumer, then starts it again and
 * sends more. It runs its OWN single-node kafka-local cluster: stopping the shared dev broker
 * would break every other suite running at the same time.
 */
describe('manual-commit consumer while the broker is down for 20 s', () => {
  let broker: OwnKafkaBroker;
  let topology: TestTopology;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    broker = await startOwnKafkaBroker('consumer-outage-it');
    topology = await createTestTopology(3, broker.kafka);
    await provision(topology, {
      subscriptions: [{ topic: topology.topic }],
      retry: { retryTopicDelaysMs: [] },
    });
  }, 180_000);

  afterAll(async () => {
    await consumer?.stop();
    await topology?.admin.disconnect().catch(() => undefined);
    await broker?.remove();
  }, 120_000);

  const send = (from: number): Promise<void> =>
    produce(
      topology.kafka,
      topology.topic,
      Array.from({ length: EVENTS_PER_PHASE }, (_, k) =>
        eventMessage(topology.topic, `order-${(from + k) % 30}`, {
          id: `e-${from + k}`,
          seq: from + k,
        }),
      ),
    );

  it('resumes when the broker is back: every event handled, every offset committed', async () => {
    const handled = new Set<string>();
    const events: ConsumerEvent[] = [];
    consumer = createKafkaEventConsumer({
      kafka: topology.kafka,
      service: topology.service,
      catalog: topology.catalog,
      subscriptions: [
        {
          topic: topology.topic,
          handler: async (event: { data: OrderPlaced }) => void handled.add(event.data.id),
        },
      ],
      retry: { retryTopicDelaysMs: [] },
      commit: { mode: 'interval', intervalMs: 200 },
      session: fastSession,
      logger: silentLogger,
      onEvent: (event) => events.push(event),
    });
    await consumer.start();

    await send(0);
    await waitFor('the first events handled', () => handled.size === EVENTS_PER_PHASE, 60_000);

    await broker.stop();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await broker.start();
    await send(EVENTS_PER_PHASE);

    await waitFor(
      `all ${2 * EVENTS_PER_PHASE} events handled`,
      () => handled.size === 2 * EVENTS_PER_PHASE,
      120_000,
    );
    const expected = Array.from({ length: 2 * EVENTS_PER_PHASE }, (_, i) => `e-${i}`);
    expect(expected.filter((id) => !handled.has(id))).toEqual([]);
    // Commits resumed too: the group's offsets reach the end of every partition.
    const ends = await highWatermarks(topology.admin, topology.topic);
    await waitFor(
      'the group committed every partition to its end',
      async () => {
        const committed = await committedOffsets(topology.admin, topology.service, topology.topic);
        return [...ends].every(([partition, end]) => committed.get(partition) === end);
      },
      30_000,
    );
    // The outage was felt: kafkajs crashed the consumer and restarted it, and it joined again.
    const crashed = events.findIndex((event) => event.type === 'crashed');
    expect(events[crashed]).toMatchObject({ type: 'crashed', restarting: true });
    const joinedAgain = events.slice(crashed).some((event) => event.type === 'group-joined');
    expect(joinedAgain).toBe(true);
  }, 300_000);
});
