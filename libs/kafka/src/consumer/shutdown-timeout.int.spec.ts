import { testBrokers, testLogLevel } from '@platform/testing';
import { Kafka } from 'kafkajs';
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

describe('manual-commit consumer: a handler that never settles at shutdown', () => {
  let topology: TestTopology;
  let successor: EventConsumer | undefined;
  let releaseStuckHandler: () => void = () => undefined;
  // The stuck consumer's kafkajs client, watched for the disconnect that follows the release.
  const stuckKafka = new Kafka({
    brokers: testBrokers(),
    clientId: 'consumer-it-stuck',
    logLevel: testLogLevel(),
  });
  let stuckDisconnected = false;
  const createConsumer = stuckKafka.consumer.bind(stuckKafka);
  stuckKafka.consumer = (config) => {
    const created = createConsumer(config);
    created.on(created.events.DISCONNECT, () => (stuckDisconnected = true));
    return created;
  };

  beforeAll(async () => {
    topology = await createTestTopology(2);
    await provision(topology, {
      subscriptions: [{ topic: topology.topic }],
      retry: { retryTopicDelaysMs: [] },
    });
  });

  afterAll(async () => {
    await successor?.stop();
    // Once the handler settles after all, the abandoned kafkajs consumer leaves and disconnects.
    releaseStuckHandler();
    await waitFor('the abandoned consumer to disconnect', () => stuckDisconnected, 30_000);
    await topology.admin.disconnect();
  }, 60_000);

  function consumer(
    kafka: Kafka,
    handler: (event: { data: OrderPlaced }) => Promise<void>,
    errors: string[] = [],
    assignment: number[] = [],
  ): EventConsumer {
    return createKafkaEventConsumer({
      kafka,
      service: topology.service,
      catalog: topology.catalog,
      subscriptions: [{ topic: topology.topic, handler }],
      retry: { retryTopicDelaysMs: [] },
      session: fastSession,
      shutdownTimeoutMs: 1_000,
      logger: { ...silentLogger, error: (message) => errors.push(message) },
      onEvent: (event) => {
        if (event.type === 'group-joined')
          assignment.splice(0, assignment.length, ...(event.assignment[topology.topic] ?? []));
      },
    });
  }

  it('stops after shutdownTimeoutMs, names the stuck partition, and another member takes it over', async () => {
    // A second member owns the other partition: no join will end the stuck member's session, only its silence.
    const handledBySuccessor: string[] = [];
    successor = consumer(topology.kafka, async (event) => {
      handledBySuccessor.push(event.data.id);
    });
    await successor.start();
    const errors: string[] = [];
    const stuckAssignment: number[] = [];
    let stuckStarted = false;
    const stuck = consumer(
      stuckKafka,
      async () => {
        stuckStarted = true;
        await new Promise<void>((resolve) => (releaseStuckHandler = resolve));
      },
      errors,
      stuckAssignment,
    );
    await stuck.start();
    await waitFor('one partition each', () => stuckAssignment.length === 1, 30_000);
    await waitFor(
      'a stable group of two',
      async () => {
        const { groups } = await topology.admin.describeGroups([topology.service]);
        return groups[0].state === 'Stable' && groups[0].members.length === 2;
      },
      30_000,
    );
    const [partition] = stuckAssignment;
    await produce(topology.kafka, topology.topic, [
      { ...eventMessage(topology.topic, 'order-1', { id: 'stuck', seq: 0 }), partition },
    ]);
    await waitFor('the handler to start', () => stuckStarted, 20_000);

    // Before shutdownTimeoutMs existed this never resolved.
    await stuck.stop();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('shutdownTimeoutMs (1000 ms)');
    expect(errors[0]).toContain(`${topology.topic}[${partition}] still running`);

    // The abandoned batch stops heartbeating: its session ends, and the uncommitted message goes to the other member.
    await waitFor('the takeover', () => handledBySuccessor.includes('stuck'), 40_000);
    expect(handledBySuccessor).toEqual(['stuck']);
  }, 90_000);

  it('refuses a shutdownTimeoutMs that is not a positive integer, naming it', () => {
    expect(() =>
      createKafkaEventConsumer({
        kafka: topology.kafka,
        service: topology.service,
        catalog: topology.catalog,
        subscriptions: [{ topic: topology.topic, handler: async () => undefined }],
        shutdownTimeoutMs: 0,
      }),
    ).toThrow('Invalid shutdownTimeoutMs, expected an integer >= 1 received 0');
  });
});
