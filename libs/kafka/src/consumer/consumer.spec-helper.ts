import { createTopicsAndWait, testKafka, uniqueName, waitFor } from '@platform/testing';
import type { Admin, Kafka, Message } from 'kafkajs';
import { z } from 'zod';
import { createEnvelope, envelopeHeaders } from '../envelope';
import { defineCatalog, defineTopic, type TopicCatalog } from '../topics';
import type { ConsumerLogger } from './event-consumer';
import { ensureConsumerTopics } from './ensure-consumer-topics';
import type { ConsumerTopicsOptions } from './consumer-topics';

// Shared by the consumer's *.int.spec.ts files: unique topics per suite, enveloped test events.

export const orderPlaced = z.object({ id: z.string(), seq: z.number().int() });
export type OrderPlaced = z.infer<typeof orderPlaced>;

export interface TestTopology {
  kafka: Kafka;
  admin: Admin;
  service: string;
  topic: string;
  catalog: TopicCatalog;
}

/** A fresh `<it-xxxx>.order.placed` topic in its own catalog, and a service (= group) no other suite uses. */
export async function createTestTopology(
  partitions: number,
  kafka: Kafka = testKafka('consumer-it'),
): Promise<TestTopology> {
  const admin = kafka.admin();
  await admin.connect();
  const topic = `${uniqueName('it')}.order.placed`;
  const catalog = defineCatalog({
    service: 'orders',
    topics: [defineTopic({ name: topic, partitions, key: 'order id', schema: orderPlaced })],
  });
  await createTopicsAndWait(admin, [{ topic, numPartitions: partitions }]);
  return { kafka, admin, service: uniqueName('svc'), topic, catalog };
}

/** Creates the retry and dead-letter topics a consumer with these options needs. */
export async function provision(
  topology: TestTopology,
  options: Omit<ConsumerTopicsOptions, 'catalog' | 'service'>,
): Promise<void> {
  await ensureConsumerTopics(topology.admin, {
    service: topology.service,
    catalog: topology.catalog,
    ...options,
  });
}

/** A binary-mode CloudEvent of `topic`, keyed by `key`. */
export function eventMessage(
  topic: string,
  key: string,
  data: OrderPlaced,
  partition?: number,
): Message {
  const envelope = createEnvelope({ key, data }, { type: topic, source: '/services/orders' });
  return { key, value: JSON.stringify(data), headers: envelopeHeaders(envelope), partition };
}

export async function produce(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 1_000) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1_000) });
    }
  } finally {
    await producer.disconnect();
  }
}

export { waitFor };

/** Committed offset per partition (undefined = never committed). */
export async function committedOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<Map<number, bigint | undefined>> {
  const [{ partitions }] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map(
    partitions.map(({ partition, offset }) => [
      partition,
      offset === '-1' ? undefined : BigInt(offset),
    ]),
  );
}

export async function highWatermarks(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  return new Map(
    (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, BigInt(high)]),
  );
}

/** Tests assert outcomes; expected retries and dead letters would only clutter the output. */
export const silentLogger: ConsumerLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Short sessions so the suite stays fast; the broker's minimum session timeout is 6 s. */
export const fastSession = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  rebalanceTimeoutMs: 10_000,
  maxWaitTimeMs: 100,
};

export interface ReadRecord {
  partition: number;
  offset: string;
  key: string | undefined;
  value: string | undefined;
  headers: Record<string, string>;
}

/** Reads `count` records of `topic` from the beginning with a throwaway group. */
export async function readRecords(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 100 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {}))
          if (value !== undefined) headers[name] = value.toString();
        records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString(),
          value: message.value?.toString(),
          headers,
        });
      },
    });
    await waitFor(`${count} records on ${topic}`, () => records.length >= count, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
  return records;
}
