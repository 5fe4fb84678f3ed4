import { Controller, type INestApplication, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  DeadLetterHeader,
  defineCatalog,
  defineTopic,
  ensureConsumerTopics,
  type EventProducer,
  NonRetriableError,
  RetriableError,
} from '@platform/kafka';
import { retryTopic } from '@platform/naming';
import { createTopicsAndWait, testBrokers, testKafka, uniqueName, waitFor } from '@platform/testing';
import type { Admin } from 'kafkajs';
import { z } from 'zod';
import { KafkaModule } from '../kafka.module';
import { ObservabilityModule } from '../observability/observability.module';
import { EVENT_PRODUCER } from '../tokens';
import { KafkaEventContext } from './kafka-event-context';
import { KafkaTransport } from './kafka-transport';

const domain = uniqueName('nest').replace(/[^a-z0-9]/g, '');
const service = `svc${domain}`;
const topic = `${domain}.order.created`;
const OrderCreated = z.object({ orderId: z.string(), behaviour: z.enum(['ok', 'flaky', 'poison', 'retry-topic']) });
const catalog = defineCatalog({ service, topics: [defineTopic({ name: topic, partitions: 3, key: 'order id', schema: OrderCreated })] });

const handled: { orderId: string; attempt: number; key: string }[] = [];
const deliveries = new Map<string, { topic: string; readTopic: string }[]>();
const attempts = new Map<string, number>();

@Controller()
class OrdersHandler {
  @EventPattern(topic)
  async onOrderCreated(@Payload() order: z.infer<typeof OrderCreated>, @Ctx() ctx: KafkaEventContext): Promise<void> {
    const attempt = (attempts.get(order.orderId) ?? 0) + 1;
    attempts.set(order.orderId, attempt);
    deliveries.set(order.orderId, [...(deliveries.get(order.orderId) ?? []), { topic: ctx.getTopic(), readTopic: ctx.getReadTopic() }]);
    if (order.behaviour === 'retry-topic' && attempt <= 3) throw new RetriableError('still down after the in-place retries');
    if (order.behaviour === 'poison') throw new NonRetriableError(`order ${order.orderId} can never be handled`);
    if (order.behaviour === 'flaky' && attempt < 3) throw new RetriableError('database briefly unavailable');
    handled.push({ orderId: order.orderId, attempt: ctx.getAttempt(), key: ctx.getKey() });
  }
}

@Controller()
class Sender {
  constructor(@Inject(EVENT_PRODUCER) readonly producer: EventProducer) {}
}

@Module({
  imports: [
    KafkaModule.forRoot({
      connection: { service, brokers: testBrokers(), clientId: `${service}.test` },
      catalog,
      consumer: { retry: { inPlaceAttempts: 3, backoff: { baseMs: 10, maxMs: 50 }, retryTopicDelaysMs: [200] }, session: { maxWaitTimeMs: 100 } },
    }),
    ObservabilityModule,
  ],
  controllers: [OrdersHandler, Sender],
})
class AppModule {}

describe('KafkaTransport serving @EventPattern handlers on the real broker', () => {
  let app: INestApplication;
  let admin: Admin;
  let producer: EventProducer;

  beforeAll(async () => {
    admin = testKafka('nest-transport-admin').admin();
    await admin.connect();
    await createTopicsAndWait(admin, [{ topic, numPartitions: 3 }]);
    await ensureConsumerTopics(admin, { service, catalog, subscriptions: [{ topic }], retry: { retryTopicDelaysMs: [200] } });
    app = await NestFactory.create(AppModule, { logger: ['error'] });
    app.connectMicroservice({ strategy: app.get(KafkaTransport) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    producer = app.get(Sender).producer;
  });

  afterAll(async () => {
    await app?.close();
    const ours = (await admin.listTopics()).filter((name) => name.startsWith(`${domain}.`));
    await admin.deleteTopics({ topics: ours });
    await admin.disconnect();
  });

  it('delivers an event sent through the injected producer to its handler, with its key', async () => {
    await producer.send(topic, { key: 'order-1', data: { orderId: 'order-1', behaviour: 'ok' } });
    await waitFor('order-1 to be handled', () => handled.some((h) => h.orderId === 'order-1'));
    expect(handled.find((h) => h.orderId === 'order-1')).toEqual({ orderId: 'order-1', attempt: 1, key: 'order-1' });
  });

  it('retries a handler that throws a retriable error until it succeeds', async () => {
    await producer.send(topic, { key: 'order-2', data: { orderId: 'order-2', behaviour: 'flaky' } });
    await waitFor('order-2 to be handled', () => handled.some((h) => h.orderId === 'order-2'));
    expect(attempts.get('order-2')).toBe(3);
    expect(handled.find((h) => h.orderId === 'order-2')?.attempt).toBe(3);
  });

  it('tells a retry topic\'s delivery apart: getTopic() is the catalog topic, getReadTopic() the retry topic read', async () => {
    await producer.send(topic, { key: 'order-5', data: { orderId: 'order-5', behaviour: 'retry-topic' } });
    await waitFor('order-5 to be handled from its retry topic', () => handled.some((h) => h.orderId === 'order-5'));
    const retry = retryTopic({ source: topic, service, attempt: 1 });
    expect(deliveries.get('order-5')).toEqual([
      { topic, readTopic: topic },
      { topic, readTopic: topic },
      { topic, readTopic: topic },
      { topic, readTopic: retry },
    ]);
  });

  it('dead-letters a NonRetriableError at once: the error class survives Nest\'s exception filter', async () => {
    await producer.send(topic, { key: 'order-3', data: { orderId: 'order-3', behaviour: 'poison' } });
    await producer.send(topic, { key: 'order-3', data: { orderId: 'order-4', behaviour: 'ok' } });
    await waitFor('order-4 (same key, after the poison message) to be handled', () => handled.some((h) => h.orderId === 'order-4'));
    expect(attempts.get('order-3')).toBe(1);
    const dlt = `${topic}.dlt.${service}`;
    const offsets = await admin.fetchTopicOffsets(dlt);
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(1);
    const consumer = testKafka('dlt-reader').consumer({ groupId: uniqueName('dlt-reader') });
    await consumer.connect();
    await consumer.subscribe({ topics: [dlt], fromBeginning: true });
    const headers = await new Promise<Record<string, string>>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) =>
          resolve(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]))),
      });
    });
    await consumer.disconnect();
    expect(headers[DeadLetterHeader.ErrorClass]).toBe('NonRetriableError');
    expect(headers[DeadLetterHeader.OriginalTopic]).toBe(topic);
  });

  it('leaves HTTP error handling as Nest does it by default', async () => {
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const response = await fetch(`${url}/no-such-route`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, message: 'Cannot GET /no-such-route' });
  });

  it('reports broker connection and group membership on /health, lag on /metrics', async () => {
    const url = await app.getUrl();
    const health = await fetch(`${url.replace('[::1]', '127.0.0.1')}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', info: { kafka: { status: 'up', group: service, member: true } } });
    await waitFor('a lag metric of 0 for the topic', async () => {
      const text = await (await fetch(`${url.replace('[::1]', '127.0.0.1')}/metrics`)).text();
      return new RegExp(`kafka_consumer_lag\\{[^}]*topic="${topic.replace(/\./g, '\\.')}"[^}]*\\} 0`).test(text);
    });
  });
});
