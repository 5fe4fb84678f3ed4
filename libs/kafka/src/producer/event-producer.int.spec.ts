import { testKafka, uniqueName } from '@platform/testing';
import type { Admin, Kafka, KafkaMessage, ProducerConfig } from 'kafkajs';
import { z } from 'zod';
import { createTopicsAndWait } from '../admin';
import { type NewEvent } from '../envelope';
import { MissingKeyError, SchemaValidationError, UnknownTopicError } from '../errors';
import { defineCatalog, defineTopic, type TopicCatalog, type TopicDefinition } from '../topics';
import { type EventProducer } from './event-producer';
import { createEventProducer, type EventProducerOptions } from './kafkajs-event-producer';
import { partitionForKey } from './partitioner';
import { ProducerClosedError } from './producer-closed-error';

const PARTITIONS = 6;
const orderSchema = z.object({
  orderId: z.string(),
  seq: z.number().int(),
  note: z.string().optional(),
});
type Order = z.infer<typeof orderSchema>;

/** A topic no other run uses, on the real broker, declared in a catalog of the "orders" service. */
function orderTopic(label: string): TopicDefinition<Order> {
  return defineTopic({
    name: `${uniqueName(label)}.order.created`,
    partitions: PARTITIONS,
    key: 'order id',
    schema: orderSchema,
  });
}

/** Sums the high watermarks of a topic: 0 means nothing was ever written to it. */
async function messagesIn(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
}

/** Reads `count` messages from the beginning with a plain kafkajs consumer. */
async function readBack(
  kafka: Kafka,
  topic: string,
  count: number,
): Promise<{ partition: number; message: KafkaMessage }[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('it-producer-reader') });
  const received: { partition: number; message: KafkaMessage }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${received.length} of ${count} messages in 30 s`)),
        30_000,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            received.push({ partition, message });
            if (received.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

describe('createEventProducer (kafkajs, real broker)', () => {
  const kafka = testKafka('it-producer');
  const keyed = orderTopic('itkeyed');
  const rejected = orderTopic('itrejected');
  const coalesced = orderTopic('itcoalesced');
  const tooLarge = orderTopic('ittoolarge');
  const outsideCatalog = orderTopic('itoutside');
  const catalog: TopicCatalog = defineCatalog({
    service: 'orders',
    topics: [keyed, rejected, coalesced, tooLarge],
  });
  let admin: Admin;
  const producers: EventProducer[] = [];

  const newProducer = (options: Partial<EventProducerOptions> = {}): EventProducer => {
    const producer = createEventProducer({ service: 'orders', catalog, kafka, ...options });
    producers.push(producer);
    return producer;
  };

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await createTopicsAndWait(admin, [
      ...[keyed, rejected, coalesced, outsideCatalog].map((topic) => ({
        topic: topic.name,
        numPartitions: PARTITIONS,
      })),
      {
        topic: tooLarge.name,
        numPartitions: PARTITIONS,
        configEntries: [{ name: 'max.message.bytes', value: '2048' }],
      },
    ]);
  });

  afterAll(async () => {
    await Promise.all(producers.map((producer) => producer.disconnect()));
    await admin.deleteTopics({
      topics: [keyed, rejected, coalesced, tooLarge, outsideCatalog].map((topic) => topic.name),
    });
    await admin.disconnect();
  });

  it('puts each keyed event on the partition murmur2 predicts, with its CloudEvents headers, in per-key order', async () => {
    const producer = newProducer();
    const keys = ['order-1', 'order-2', 'order-42', 'ключ-7', '注文-12345', 'café', 'order-99'];
    const singles = await Promise.all(
      keys.map((key) =>
        producer.send(keyed, {
          key,
          data: { orderId: key, seq: 0 },
          correlationId: 'flow-1',
          causationId: 'command-1',
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        }),
      ),
    );
    const many = await producer.sendMany(
      keyed.name,
      [1, 2, 3].flatMap((seq) => keys.map((key) => ({ key, data: { orderId: key, seq } }))),
    );

    const received = await readBack(kafka, keyed.name, singles.length + many.length);
    const byId = new Map([...singles, ...many].map((envelope) => [envelope.id, envelope]));
    for (const { partition, message } of received) {
      const key = message.key!.toString();
      expect({ key, partition }).toEqual({ key, partition: partitionForKey(key, PARTITIONS) });
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([name, value]) => [name, value!.toString()]),
      );
      const sent = byId.get(headers.ce_id)!;
      expect(sent).toBeDefined();
      expect(headers).toMatchObject({
        ce_type: keyed.name,
        ce_source: '/services/orders',
        ce_specversion: '1.0',
        'content-type': 'application/json',
        ce_time: sent.time,
        ce_correlationid: sent.correlationId,
      });
      expect(JSON.parse(message.value!.toString())).toEqual(sent.data);
    }
    const first = received.find(
      ({ message }) => message.headers?.ce_id?.toString() === singles[0].id,
    )!;
    expect(first.message.headers?.ce_causationid?.toString()).toBe('command-1');
    expect(first.message.headers?.traceparent?.toString()).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
    // Offsets within a partition are the write order: each key's seq must come out 0, 1, 2, 3.
    for (const key of keys) {
      const seqs = received
        .filter(({ message }) => message.key!.toString() === key)
        .sort((a, b) => Number(a.message.offset) - Number(b.message.offset))
        .map(({ message }) => JSON.parse(message.value!.toString()).seq);
      expect({ key, seqs }).toEqual({ key, seqs: [0, 1, 2, 3] });
    }
  });

  describe('an invalid event reaches nothing', () => {
    const valid = (seq: number): NewEvent<Order> => ({
      key: `order-${seq}`,
      data: { orderId: `order-${seq}`, seq },
    });

    it('rejects a send without a key with MissingKeyError', async () => {
      const producer = newProducer();
      for (const key of [undefined, null, '']) {
        const event = { key, data: { orderId: 'o', seq: 1 } } as unknown as NewEvent<Order>;
        await expect(producer.send(rejected, event)).rejects.toBeInstanceOf(MissingKeyError);
      }
      await producer.flush();
      expect(await messagesIn(admin, rejected.name)).toBe(0);
    });

    it('rejects a whole sendMany when one event has no key, before sending any of them', async () => {
      const producer = newProducer();
      const events = [
        valid(1),
        valid(2),
        { data: { orderId: 'o', seq: 3 } } as NewEvent<Order>,
        valid(4),
      ];
      await expect(producer.sendMany(rejected, events)).rejects.toThrow(
        new MissingKeyError(rejected.name).message,
      );
      await producer.flush();
      expect(await messagesIn(admin, rejected.name)).toBe(0);
    });

    it('rejects a payload that does not match the topic schema with SchemaValidationError', async () => {
      const producer = newProducer();
      const wrong = {
        key: 'order-1',
        data: { orderId: 'order-1', seq: 'one' },
      } as unknown as NewEvent<Order>;
      const error = await producer.send(rejected, wrong).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SchemaValidationError);
      expect((error as SchemaValidationError).issues).toEqual([expect.stringMatching(/^seq: /)]);
      await expect(producer.sendMany(rejected, [valid(1), wrong])).rejects.toBeInstanceOf(
        SchemaValidationError,
      );
      await producer.flush();
      expect(await messagesIn(admin, rejected.name)).toBe(0);
    });

    it('rejects a whole sendMany when one event has an attribute that is not text, before sending any of them', async () => {
      const producer = newProducer();
      const notText = { ...valid(2), causationId: 2 as unknown as string };
      await expect(producer.sendMany(rejected, [valid(1), notText, valid(3)])).rejects.toThrow(
        `Invalid causationId for topic "${rejected.name}": expected a string, received number`,
      );
      await producer.flush();
      expect(await messagesIn(admin, rejected.name)).toBe(0);
    });

    it('rejects a topic outside the catalog with UnknownTopicError, even one that exists on the broker', async () => {
      const producer = newProducer();
      await expect(producer.send(outsideCatalog.name, valid(1))).rejects.toBeInstanceOf(
        UnknownTopicError,
      );
      await expect(producer.sendMany(outsideCatalog, [valid(1)])).rejects.toBeInstanceOf(
        UnknownTopicError,
      );
      await producer.flush();
      expect(await messagesIn(admin, outsideCatalog.name)).toBe(0);
    });
  });

  it('coalesces 64 concurrent single sends into fewer produce requests and resolves every caller', async () => {
    let produceRequests = 0;
    // The real kafkajs client, with a listener on the producer it hands out: counts what goes on the wire.
    const counting = testKafka('it-producer-counting');
    const createProducer = counting.producer.bind(counting);
    counting.producer = (config?: ProducerConfig) => {
      const created = createProducer(config);
      created.on(created.events.REQUEST, ({ payload }) => {
        if (payload.apiName === 'Produce') produceRequests++;
      });
      return created;
    };
    const producer = newProducer({ kafka: counting });
    await producer.connect();

    const sent = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        producer.send(coalesced, { key: `order-${i}`, data: { orderId: `order-${i}`, seq: i } }),
      ),
    );

    expect(new Set(sent.map((envelope) => envelope.id)).size).toBe(64);
    expect(produceRequests).toBeGreaterThan(0);
    expect(produceRequests).toBeLessThan(64);
    expect(await messagesIn(admin, coalesced.name)).toBe(64);
  });

  it('rejects the callers of a batch the broker refuses, and keeps working afterwards', async () => {
    const producer = newProducer();
    const huge = { key: 'order-1', data: { orderId: 'order-1', seq: 1, note: 'x'.repeat(4096) } };
    await expect(producer.send(tooLarge, huge)).rejects.toThrow(/larger than the max message size/);
    await expect(
      producer.send(tooLarge, { key: 'order-2', data: { orderId: 'order-2', seq: 2 } }),
    ).resolves.toMatchObject({ key: 'order-2' });
    expect(await messagesIn(admin, tooLarge.name)).toBe(1);
  });

  it('flushes on disconnect and rejects sends afterwards with ProducerClosedError', async () => {
    const producer = newProducer({ lingerMs: 60_000 });
    const lingering = producer.send(coalesced, {
      key: 'order-late',
      data: { orderId: 'order-late', seq: 1 },
    });
    await producer.disconnect();
    await expect(lingering).resolves.toMatchObject({ key: 'order-late' });
    await expect(
      producer.send(coalesced, { key: 'order-after', data: { orderId: 'order-after', seq: 2 } }),
    ).rejects.toBeInstanceOf(ProducerClosedError);
    await expect(producer.disconnect()).resolves.toBeUndefined();
  });
});
