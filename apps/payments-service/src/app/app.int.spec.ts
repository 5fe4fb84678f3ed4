import type {
  CallHandler,
  ExecutionContext,
  INestApplication,
  NestInterceptor,
} from '@nestjs/common';
import type { Database } from '@platform/database';
import {
  consumerDerivedTopics,
  ensureConsumerTopics,
  type EventProducer,
  findMissingTopics,
} from '@platform/kafka';
import {
  EVENT_PRODUCER,
  type KafkaEventContext,
  type KafkaTransportOptions,
} from '@platform/kafka-nest';
import type { Outbox } from '@platform/outbox';
import {
  createTestDatabase,
  createTopicsAndWait,
  testBrokers,
  testKafka,
  uniqueName,
  type TestDatabase,
} from '@platform/testing';
import type { Admin } from 'kafkajs';
import { type Observable, tap } from 'rxjs';
import { SERVICE_NAME } from '../config';
import { createApp } from './create-app';
import { DATABASE, OUTBOX } from '@platform/outbox-nest';
import { serviceCatalog } from './service-catalog';
import { paymentProcessedExample } from '../events/payment-processed.event';
import { paymentRefundedExample } from '../events/payment-refunded.event';

/** Events the app handles, each with a valid example (`nx g handler` adds entries). */
const handledEvents: { topic: string; example: unknown }[] = [];
/** Events the app publishes, each with a valid example (`nx g event` adds entries). */
const publishedEvents: { topic: string; example: unknown }[] = [
  { topic: 'payments.payment.processed', example: paymentProcessedExample },
  { topic: 'payments.payment.refunded', example: paymentRefundedExample },
];

// A service name of this run's own: its consumer group and retry/dead-letter topics are unique,
// while catalog topics keep their real names (created when missing, never deleted).
const service = uniqueName(SERVICE_NAME.slice(0, 39).replace(/-+$/, ''));
const consumer: KafkaTransportOptions = {
  retry: { inPlaceAttempts: 2, backoff: { baseMs: 10, maxMs: 50 }, retryTopicDelaysMs: [500] },
  session: { maxWaitTimeMs: 100 },
};
// The saga topic SagaModule's handlers read (their catalog declares it).
const subscriptions = [
  ...handledEvents.map(({ topic }) => ({ topic })),
  { topic: 'payments.payment.commands' },
];

/** Notes each event key whose handler finished: an interceptor runs around every handler. */
class FinishedHandlers implements NestInterceptor {
  readonly keys = new Set<string>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const event = context.switchToRpc().getContext<KafkaEventContext>();
    return next.handle().pipe(tap({ complete: () => this.keys.add(event.getKey()) }));
  }
}

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function messagesIn(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
}

describe('payments-service on the real broker', () => {
  const finished = new FinishedHandlers();
  let admin: Admin;
  let app: INestApplication;
  let producer: EventProducer;
  let url: string;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = testKafka(`${service}-admin`).admin();
    await admin.connect();
    const topics = [
      ...new Set(
        [...handledEvents, ...publishedEvents, ...subscriptions].map(({ topic }) => topic),
      ),
    ];
    const missing = await findMissingTopics(admin, topics);
    await createTopicsAndWait(
      admin,
      missing.map((topic) => ({ topic, numPartitions: serviceCatalog.get(topic).partitions })),
    );
    if (subscriptions.length > 0) {
      await ensureConsumerTopics(admin, {
        service,
        catalog: serviceCatalog,
        subscriptions,
        retry: consumer.retry,
      });
    }
    app = await createApp(
      {
        port: 0,
        kafka: { service, brokers: testBrokers(), clientId: `${service}.test` },
        database: { url: database.url },
        consumer,
      },
      { logger: ['error', 'warn'], interceptors: [finished] },
    );
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    producer = app.get<EventProducer>(EVENT_PRODUCER);
  });

  afterAll(async () => {
    await app?.close();
    if (subscriptions.length > 0) {
      const derived = consumerDerivedTopics({
        service,
        catalog: serviceCatalog,
        subscriptions,
        retry: consumer.retry,
      });
      await admin?.deleteTopics({ topics: derived.map((topic) => topic.name) });
    }
    await admin?.disconnect();
    await database?.drop();
  });

  it('serves Prometheus metrics on /metrics', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('process_cpu_seconds_total');
  });

  if (subscriptions.length > 0) {
    it('reports healthy on /health once its consumer joined its group', async () => {
      await waitFor(
        async () => (await fetch(`${url}/health`)).status === 200,
        '/health to answer 200',
      );
      const health = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({
        status: 'ok',
        info: { kafka: { status: 'up', group: service, member: true } },
      });
    });
  }

  for (const { topic, example } of publishedEvents) {
    it(`publishes ${topic} through the keyed producer`, async () => {
      const before = await messagesIn(admin, topic);
      const key = uniqueName('key');
      await expect(producer.send(topic, { key, data: example })).resolves.toMatchObject({
        key,
        data: example,
      });
      expect(await messagesIn(admin, topic)).toBeGreaterThan(before);
    });
  }

  for (const { topic, example } of publishedEvents) {
    it(`publishes ${topic} written to the outbox in a transaction, through the relay`, async () => {
      const before = await messagesIn(admin, topic);
      const db = app.get<Database>(DATABASE);
      const outbox = app.get<Outbox>(OUTBOX);
      await db.transaction((tx) =>
        outbox.add(tx, { topic, aggregateId: uniqueName('key'), payload: example }),
      );
      await waitFor(
        async () => (await messagesIn(admin, topic)) > before,
        `the relay to publish ${topic}`,
      );
    });
  }

  for (const { topic, example } of handledEvents) {
    it(`hands ${topic} to its @EventPattern handler, which finishes`, async () => {
      const key = uniqueName('key');
      await producer.send(topic, { key, data: example });
      await waitFor(
        () => finished.keys.has(key),
        `the ${topic} handler to finish the event keyed ${key}`,
      );
      expect(finished.keys).toContain(key);
    });
  }
});
