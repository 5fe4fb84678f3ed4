import type { ConsumerEvent, EventConsumer } from './event-consumer';
import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from './consumer-topics';
import { createKafkaEventConsumer } from './kafkajs-event-consumer';
import { deadLetterTopic } from '@platform/naming';
import {
  createTestTopology,
  eventMessage,
  fastSession,
  type OrderPlaced,
  produce,
  provision,
  readRecords,
  silentLogger,
  type TestTopology,
  waitFor,
} from './consumer.spec-helper';

describe('manual-commit consumer: a message near the size limit', () => {
  let topology: TestTopology;
  let consumer: EventConsumer | undefined;

  // A fresh topic and service per test: each test's consumer reads only its own message.
  beforeEach(async () => {
    topology = await createTestTopology(1);
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    // Each test has its own topology, and so its own admin client: an open one keeps Jest alive.
    await topology.admin.disconnect();
  });

  it('is dead-lettered with its headers although they make it larger than its own topic accepts', async () => {
    await provision(topology, {
      subscriptions: [{ topic: topology.topic }],
      retry: { retryTopicDelaysMs: [] },
    });
    // Undecodable (no CloudEvents headers): it goes straight to the dead-letter topic, whose
    // headers add a few hundred bytes to a record its source topic only just accepted.
    const value = Buffer.alloc(KAFKA_DEFAULT_MAX_MESSAGE_BYTES - 400, 'x');
    await produce(topology.kafka, topology.topic, [{ key: 'k-1', value }]);
    const events: ConsumerEvent[] = [];
    consumer = createKafkaEventConsumer({
      kafka: topology.kafka,
      service: topology.service,
      catalog: topology.catalog,
      subscriptions: [{ topic: topology.topic, handler: async () => undefined }],
      retry: { retryTopicDelaysMs: [] },
      session: fastSession,
      logger: silentLogger,
      onEvent: (event) => events.push(event),
    });
    await consumer.start();
    await waitFor(
      'dead-lettered or a failed forward',
      () => events.some((e) => e.type === 'dead-lettered' || e.type === 'forward-failed'),
      60_000,
    );
    const failed = events.find((e) => e.type === 'forward-failed');
    expect(failed && String((failed as { error: unknown }).error)).toBeUndefined();
    const [record] = await readRecords(
      topology.kafka,
      deadLetterTopic({ source: topology.topic, service: topology.service }),
      1,
    );
    expect(record.value?.length).toBe(value.length);
  });

  it('goes through a retry topic and is handled from there', async () => {
    await provision(topology, {
      subscriptions: [{ topic: topology.topic }],
      retry: { retryTopicDelaysMs: [100] },
    });
    const pad = 'x'.repeat(KAFKA_DEFAULT_MAX_MESSAGE_BYTES - 600);
    await produce(topology.kafka, topology.topic, [
      eventMessage(topology.topic, 'k-1', { id: 'big', seq: 1, pad } as OrderPlaced),
    ]);
    const events: ConsumerEvent[] = [];
    let calls = 0;
    consumer = createKafkaEventConsumer({
      kafka: topology.kafka,
      service: topology.service,
      catalog: topology.catalog,
      subscriptions: [
        {
          topic: topology.topic,
          handler: async () => {
            calls++;
            // A long message: the retry record carries 1 KiB of it, more than the source had to spare.
            if (calls === 1) throw new Error(`not yet: ${'y'.repeat(2_000)}`);
          },
        },
      ],
      retry: { retryTopicDelaysMs: [100], inPlaceAttempts: 1 },
      session: fastSession,
      logger: silentLogger,
      onEvent: (event) => events.push(event),
    });
    await consumer.start();
    await waitFor('handled from the retry topic', () => calls === 2, 60_000);
    expect(events.filter((e) => e.type === 'forward-failed')).toEqual([]);
    expect(events.map((e) => e.type)).toContain('retry-scheduled');
  });
});
