import type { ConsumerEvent, EventConsumer } from './event-consumer';
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

/**
 * An ordered topic with onExhausted 'stop-partition' stops its partition at a failing event.
 * kafkajs keeps a partition paused across rebalances, so without care the stop outlived the
 * rebalance that should end it, and a partition that came back stayed paused with nothing saying
 * so. One partition, so it is certainly this member's again once the second member leaves.
 */
describe('manual-commit consumer: a stopped ordered partition and a rebalance', () => {
  let topology: TestTopology;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    topology = await createTestTopology(1);
    await provision(topology, {
      subscriptions: [{ topic: topology.topic }],
      retry: { retryTopicDelaysMs: [] },
    });
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await topology.admin.disconnect();
  });

  it('tries the event again after the rebalance, and the partition flows once it succeeds', async () => {
    const { topic } = topology;
    let broken = true; // the bug behind the failing event, until a fix is deployed
    const handled: string[] = [];
    const events: ConsumerEvent[] = [];
    const member = (name: string) =>
      createKafkaEventConsumer({
        kafka: topology.kafka,
        service: topology.service,
        catalog: topology.catalog,
        subscriptions: [
          {
            topic,
            ordered: true,
            handler: async (event: { data: OrderPlaced }) => {
              if (event.data.id === 'poison' && broken) throw new Error('bug');
              handled.push(`${event.data.id}@${name}`);
            },
          },
        ],
        retry: { retryTopicDelaysMs: [] },
        ordered: { attempts: 2, backoff: { baseMs: 10, maxMs: 10 }, onExhausted: 'stop-partition' },
        session: fastSession,
        logger: silentLogger,
        onEvent: (event) => events.push(event),
      });

    const a = member('a');
    consumers.push(a);
    await a.start();
    await produce(topology.kafka, topic, [
      eventMessage(topic, 'order-1', { id: 'poison', seq: 0 }, 0),
    ]);
    await waitFor('the partition stopped', () =>
      events.some((e) => e.type === 'partition-stopped'),
    );

    // The fix is out; a second member joins and leaves: two rebalances. Whoever holds the
    // partition meanwhile tries the event again; afterwards it is a's alone.
    broken = false;
    const b = member('b');
    consumers.push(b);
    await b.start();
    await waitFor(
      'b in the group',
      () => events.filter((e) => e.type === 'group-joined').length >= 3,
    );
    await b.stop();
    await produce(topology.kafka, topic, [
      eventMessage(topic, 'order-1', { id: 'after', seq: 1 }, 0),
    ]);

    await waitFor(
      'the event after it handled',
      () => handled.some((entry) => entry.startsWith('after@')),
      30_000,
    );
    expect(handled.filter((entry) => entry.startsWith('poison@'))).toHaveLength(1);
    expect(handled.find((entry) => entry.startsWith('after@'))).toBe('after@a');
  });
});
