import { NonRetriableError, RetriableError } from '../errors';
import { consumerDerivedTopics } from './consumer-topics';
import { MAX_ERROR_STACK_BYTES } from './dead-letter-headers';
import type { ConsumerEvent, EventConsumer, EventContext } from './event-consumer';
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
  readRecords,
  silentLogger,
  type TestTopology,
  waitFor,
} from './consumer.spec-helper';

describe('manual-commit consumer: retries and dead letters', () => {
  const retry = {
    inPlaceAttempts: 2,
    backoff: { baseMs: 10, maxMs: 20 },
    retryTopicDelaysMs: [300, 1_000],
  };
  let topology: TestTopology;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    topology = await createTestTopology(3);
    await provision(topology, { subscriptions: [{ topic: topology.topic }], retry });
  });

  afterAll(async () => {
    await consumer?.stop();
    await topology.admin.disconnect();
  });

  it('retries a transient failure, dead-letters poison with every header, and keeps the partition flowing', async () => {
    const { topic, service } = topology;
    const calls = new Map<string, EventContext[]>();
    const handledAt = new Map<string, number>();
    const events: (ConsumerEvent & { at: number })[] = [];
    consumer = createKafkaEventConsumer({
      kafka: topology.kafka,
      service,
      catalog: topology.catalog,
      subscriptions: [
        {
          topic,
          handler: async (event: { key: string; data: OrderPlaced }, context) => {
            calls.set(event.key, [...(calls.get(event.key) ?? []), context]);
            if (event.key === 'flaky' && context.attempt === 1) throw new Error('connection reset');
            if (event.key === 'poison')
              throw new RetriableError(`still failing (attempt ${context.attempt})`);
            if (event.key === 'rejected')
              throw new NonRetriableError('order was already cancelled');
            handledAt.set(event.key, Date.now());
          },
        },
      ],
      retry,
      session: { ...fastSession, maxBlockingWaitMs: 500 },
      logger: silentLogger,
      onEvent: (event) => events.push({ ...event, at: Date.now() }),
    });
    await consumer.start();
    // One partition, so "later" really means behind the poison message in the same partition.
    const later = Array.from({ length: 20 }, (_, i) =>
      eventMessage(topic, `later-${i}`, { id: `later-${i}`, seq: i }, 0),
    );
    await produce(topology.kafka, topic, [
      eventMessage(topic, 'flaky', { id: 'flaky', seq: 0 }, 0),
      eventMessage(topic, 'poison', { id: 'poison', seq: 0 }, 0),
      eventMessage(topic, 'rejected', { id: 'rejected', seq: 0 }, 0),
      { key: 'undecodable', value: 'not an event', partition: 0 },
      // Another team's producer may write without a key: it must still reach the dead-letter topic.
      { key: null, value: 'no key, not an event', partition: 0 },
      ...later,
    ]);

    const dlt = `${topic}.dlt.${service}`;
    const deadLettered = () => events.filter((e) => e.type === 'dead-lettered');
    await waitFor('four dead letters', () => deadLettered().length === 4, 30_000);
    await waitFor('every later event', () => later.every((_, i) => handledAt.has(`later-${i}`)));

    expect(calls.get('flaky')?.map((c) => c.attempt)).toEqual([1, 2]);
    expect(handledAt.has('flaky')).toBe(true);
    // 2 tries in place on the source topic, then on each of the two retry topics.
    expect(calls.get('poison')?.map((c) => [c.attempt, c.topic])).toEqual([
      [1, topic],
      [2, topic],
      [3, `${topic}.retry.${service}.1`],
      [4, `${topic}.retry.${service}.1`],
      [5, `${topic}.retry.${service}.2`],
      [6, `${topic}.retry.${service}.2`],
    ]);
    expect(calls.get('rejected')).toHaveLength(1);
    expect(calls.has('undecodable')).toBe(false);
    // The partition did not wait for the poison message's retries.
    const poisonDeadLettered = deadLettered().find(
      (e) => e.type === 'dead-lettered' && e.topic === `${topic}.retry.${service}.2`,
    )!.at;
    expect(Math.max(...later.map((_, i) => handledAt.get(`later-${i}`)!))).toBeLessThan(
      poisonDeadLettered,
    );

    const records = await readRecords(topology.kafka, dlt, 4);
    const byKey = new Map(records.map((record) => [record.key, record]));
    const keyless = records.find((record) => record.key === undefined)!;
    expect(keyless.value).toBe('no key, not an event');
    expect(keyless.headers).toMatchObject({
      dlt_original_offset: '4',
      dlt_error_class: 'DeserializationError',
    });
    expect(keyless.headers).not.toHaveProperty('dlt_original_key');
    const poison = byKey.get('poison')!;
    expect(poison.value).toBe(JSON.stringify({ id: 'poison', seq: 0 }));
    expect(poison.headers).toMatchObject({
      ce_type: topic,
      ce_source: '/services/orders',
      ce_specversion: '1.0',
      dlt_original_topic: topic,
      dlt_original_partition: '0',
      dlt_original_offset: '1',
      dlt_original_key: 'poison',
      dlt_consumer_group: service,
      dlt_attempts: '6',
      dlt_reason: 'retries-exhausted',
      dlt_error_class: 'RetriableError',
      dlt_error_message: 'still failing (attempt 6)',
    });
    expect(Number(poison.headers.dlt_original_timestamp)).toBeGreaterThan(Date.now() - 120_000);
    expect(poison.headers.dlt_error_stack).toContain('RetriableError: still failing (attempt 6)');
    expect(Buffer.byteLength(poison.headers.dlt_error_stack)).toBeLessThanOrEqual(
      MAX_ERROR_STACK_BYTES,
    );
    expect(Object.keys(poison.headers).filter((name) => name.startsWith('retry_'))).toEqual([]);
    expect(byKey.get('rejected')?.headers).toMatchObject({
      dlt_original_offset: '2',
      dlt_attempts: '1',
      dlt_reason: 'non-retriable',
      dlt_error_class: 'NonRetriableError',
    });
    expect(byKey.get('undecodable')?.headers).toMatchObject({
      dlt_original_offset: '3',
      dlt_attempts: '1',
      dlt_error_class: 'DeserializationError',
    });
    expect(byKey.get('undecodable')?.value).toBe('not an event');

    await consumer.stop();
    const committed = await committedOffsets(topology.admin, service, topic);
    expect(committed.get(0)).toBe((await highWatermarks(topology.admin, topic)).get(0));
  });
});

describe('manual-commit consumer: ordered mode', () => {
  let topology: TestTopology;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    topology = await createTestTopology(2);
    await provision(topology, { subscriptions: [{ topic: topology.topic, ordered: true }] });
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop();
    await topology.admin.disconnect();
  });

  it('has a dead-letter topic but no retry topics', () => {
    const derived = consumerDerivedTopics({
      service: topology.service,
      catalog: topology.catalog,
      subscriptions: [{ topic: topology.topic, ordered: true }],
    });
    expect(derived.map((t) => t.name)).toEqual([`${topology.topic}.dlt.${topology.service}`]);
  });

  it('blocks the partition on a failing event, then dead-letters it, keeping the key in order', async () => {
    const { topic } = topology;
    const log: string[] = [];
    const consumer = createKafkaEventConsumer({
      kafka: topology.kafka,
      service: topology.service,
      catalog: topology.catalog,
      subscriptions: [
        {
          topic,
          ordered: true,
          handler: async (event: { key: string; data: OrderPlaced }, context) => {
            log.push(`${event.data.id}#${context.attempt}`);
            if (event.data.id === 'b') throw new Error('payment service down');
          },
        },
      ],
      ordered: { attempts: 3, backoff: { baseMs: 50, maxMs: 200 }, onExhausted: 'dead-letter' },
      session: fastSession,
      logger: silentLogger,
    });
    consumers.push(consumer);
    await consumer.start();
    await produce(
      topology.kafka,
      topic,
      ['a', 'b', 'c'].map((id, seq) => eventMessage(topic, 'order-1', { id, seq }, 0)),
    );
    await waitFor('c handled', () => log.includes('c#1'));
    expect(log).toEqual(['a#1', 'b#1', 'b#2', 'b#3', 'c#1']);
    const [record] = await readRecords(topology.kafka, `${topic}.dlt.${topology.service}`, 1);
    expect(record.headers).toMatchObject({
      dlt_original_offset: '1',
      dlt_attempts: '3',
      dlt_reason: 'retries-exhausted',
    });
    await consumer.stop();
  });

  it('can stop the partition instead, while the other partitions keep flowing', async () => {
    const { topic } = topology;
    const handled: string[] = [];
    const events: ConsumerEvent[] = [];
    const consumer = createKafkaEventConsumer({
      kafka: topology.kafka,
      service: topology.service,
      catalog: topology.catalog,
      subscriptions: [
        {
          topic,
          ordered: true,
          handler: async (event: { key: string; data: OrderPlaced }) => {
            if (event.data.id === 'poison') throw new NonRetriableError('corrupt order');
            handled.push(event.data.id);
          },
        },
      ],
      ordered: { attempts: 2, backoff: { baseMs: 10, maxMs: 10 }, onExhausted: 'stop-partition' },
      session: fastSession,
      logger: silentLogger,
      onEvent: (event) => events.push(event),
    });
    consumers.push(consumer);
    await consumer.start();
    // Partition 0 already holds a, b, c (offsets 0-2, committed by the previous test).
    await produce(topology.kafka, topic, [
      eventMessage(topic, 'order-2', { id: 'poison', seq: 0 }, 0),
      eventMessage(topic, 'order-2', { id: 'after-poison', seq: 1 }, 0),
      ...Array.from({ length: 5 }, (_, i) =>
        eventMessage(topic, `order-${10 + i}`, { id: `p1-${i}`, seq: i }, 1),
      ),
    ]);
    await waitFor(
      'partition 1 handled',
      () => handled.filter((id) => id.startsWith('p1-')).length === 5,
    );
    await waitFor('the partition stop', () => events.some((e) => e.type === 'partition-stopped'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(handled).not.toContain('after-poison');
    expect(events.find((e) => e.type === 'partition-stopped')).toMatchObject({
      topic,
      partition: 0,
      offset: '3',
      attempts: 1,
    });
    await consumer.stop();
    const committed = await committedOffsets(topology.admin, topology.service, topic);
    expect(committed.get(0)).toBe(3n);
    expect(committed.get(1)).toBe(5n);
  });
});
