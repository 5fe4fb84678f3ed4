import type { Database } from '@platform/database';
import {
  createEnvelope,
  createEventProducer,
  createKafkaEventConsumer,
  defineCatalog,
  defineTopic,
  ensureConsumerTopics,
  envelopeHeaders,
  type EventConsumer,
  type EventHandler,
  type EventProducer,
  type TopicCatalog,
} from '@platform/kafka';
import { createTopicsAndWait, testKafka, uniqueName, waitFor } from '@platform/testing';
import type { Admin, Kafka } from 'kafkajs';
import { z } from 'zod';

// Shared by the outbox's *.int.spec.ts files: a fresh topic per suite, a producer, a reader.

export const orderPlaced = z.object({ orderId: z.string(), seq: z.number().int() });
export type OrderPlaced = z.infer<typeof orderPlaced>;

export interface TestTopology {
  kafka: Kafka;
  admin: Admin;
  topic: string;
  catalog: TopicCatalog;
}

/** A fresh `it-xxxx.order.placed` topic in its own catalog (service "orders"). */
export async function createTestTopology(
  partitions = 3,
  kafka: Kafka = testKafka('outbox-it'),
): Promise<TestTopology> {
  const admin = kafka.admin();
  await admin.connect();
  const topic = `${uniqueName('it')}.order.placed`;
  const catalog = defineCatalog({
    service: 'orders',
    topics: [defineTopic({ name: topic, partitions, key: 'order id', schema: orderPlaced })],
  });
  await createTopicsAndWait(admin, [{ topic, numPartitions: partitions }]);
  return { kafka, admin, topic, catalog };
}

export function testProducer(topology: TestTopology): EventProducer {
  return createEventProducer({
    service: 'orders',
    catalog: topology.catalog,
    kafka: topology.kafka,
  });
}

export interface ReadRecord {
  partition: number;
  offset: string;
  key: string;
  value: OrderPlaced;
  headers: Record<string, string>;
}

/** Reads `topic` from the beginning with a throwaway group until `count` records arrived, then keeps reading `settleMs` for extras. */
export async function readRecords(
  kafka: Kafka,
  topic: string,
  count: number,
  options: { timeoutMs?: number; settleMs?: number } = {},
): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 100 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {}))
            if (value !== undefined) headers[name] = value.toString();
          records.push({
            partition: batch.partition,
            offset: message.offset,
            key: message.key?.toString() ?? '',
            value: JSON.parse(message.value?.toString() ?? 'null') as OrderPlaced,
            headers,
          });
        }
      },
    });
    await waitFor(
      `${count} records on ${topic} (have ${records.length})`,
      () => records.length >= count,
      options.timeoutMs ?? 60_000,
    );
    if (options.settleMs) await sleep(options.settleMs);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

export { waitFor };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rows still waiting to be published. */
export async function pendingRows(db: Database): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND failed_at IS NULL',
  );
  return rows[0].n;
}

export async function emptyTables(db: Database): Promise<void> {
  await db.exec('TRUNCATE outbox, inbox');
}

/** Produces envelopes as a relay would (the same event twice = a republish), with a plain kafkajs producer. */
export async function produceEnvelopes(
  kafka: Kafka,
  topic: string,
  events: { id: string; key: string; data: OrderPlaced }[],
): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const messages = events.map(({ id, key, data }) => ({
      key,
      value: JSON.stringify(data),
      headers: envelopeHeaders(
        createEnvelope({ id, key, data }, { type: topic, source: '/services/orders' }),
      ),
    }));
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/** Short sessions so suites stay fast; the broker's minimum session timeout is 6 s. */
export const fastSession = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  rebalanceTimeoutMs: 10_000,
  maxWaitTimeMs: 100,
};

export const silentLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The inbox's consumer for `topology.topic`: creates its dead-letter topic, no retry topics (failures retry in place). */
export async function startInboxConsumer(
  topology: TestTopology,
  service: string,
  handler: EventHandler<OrderPlaced>,
): Promise<EventConsumer> {
  const retry = { retryTopicDelaysMs: [], inPlaceAttempts: 5, backoff: { baseMs: 10, maxMs: 50 } };
  const subscriptions = [{ topic: topology.topic, handler }];
  await ensureConsumerTopics(topology.admin, {
    service,
    catalog: topology.catalog,
    subscriptions,
    retry,
  });
  const consumer = createKafkaEventConsumer({
    kafka: topology.kafka,
    service,
    catalog: topology.catalog,
    subscriptions,
    retry,
    commit: { mode: 'message' },
    session: fastSession,
    logger: silentLogger,
  });
  await consumer.start();
  return consumer;
}
