import type { Database } from '@platform/database';
import type { Outbox } from '@platform/outbox';
import { DATABASE, OUTBOX } from '@platform/outbox-nest';
import { ServiceUnderTest } from '@platform/service-testing';
import { uniqueName, waitFor } from '@platform/testing';
import { SERVICE_NAME } from '../config';
import { createApp } from './create-app';
import { serviceCatalog } from './service-catalog';
import { stockReservedExample } from '../events/stock-reserved.event';
import { stockReleasedExample } from '../events/stock-released.event';

/** Events the app handles, each with a valid example (`nx g handler` adds entries). */
const handledEvents: { topic: string; example: unknown }[] = [];
/** Events the app publishes, each with a valid example (`nx g event` adds entries). */
const publishedEvents: { topic: string; example: unknown }[] = [
  { topic: 'inventory.stock.reserved', example: stockReservedExample },
  { topic: 'inventory.stock.released', example: stockReleasedExample },
];
// Plus the saga topic SagaModule's handlers read (their catalog declares it).
const subscriptions = [...handledEvents.map(({ topic }) => topic), 'inventory.stock.commands'];

describe('inventory-service on the real broker', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({
      name: SERVICE_NAME,
      catalog: serviceCatalog,
      subscriptions,
      topics: publishedEvents.map(({ topic }) => topic),
      database: true,
      createApp: ({ service, brokers, clientId, consumer, databaseUrl, interceptors, logger }) =>
        createApp(
          {
            port: 0,
            kafka: { service, brokers, clientId },
            database: { url: databaseUrl },
            consumer,
          },
          { logger, interceptors },
        ),
    });
  });

  afterAll(() => service?.stop());

  it('serves Prometheus metrics on /metrics', async () => {
    const response = await fetch(`${service.url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('process_cpu_seconds_total');
  });

  if (subscriptions.length > 0) {
    it('reports healthy on /health once its consumer joined its group', async () => {
      await waitFor(
        '/health to answer 200',
        async () => (await fetch(`${service.url}/health`)).status === 200,
      );
      const health = await (await fetch(`${service.url}/health`)).json();
      expect(health).toMatchObject({
        status: 'ok',
        info: {
          kafka: { status: 'up', group: service.group, member: true },
          database: { status: 'up' },
        },
      });
    });
  }

  for (const { topic, example } of publishedEvents) {
    it(`publishes ${topic} through the keyed producer`, async () => {
      const before = await service.messagesIn(topic);
      const key = uniqueName('key');
      await expect(service.producer.send(topic, { key, data: example })).resolves.toMatchObject({
        key,
        data: example,
      });
      expect(await service.messagesIn(topic)).toBeGreaterThan(before);
    });
  }

  for (const { topic, example } of publishedEvents) {
    it(`publishes ${topic} written to the outbox in a transaction, through the relay`, async () => {
      const before = await service.messagesIn(topic);
      const db = service.app.get<Database>(DATABASE);
      const outbox = service.app.get<Outbox>(OUTBOX);
      await db.transaction((tx) =>
        outbox.add(tx, { topic, aggregateId: uniqueName('key'), payload: example }),
      );
      await waitFor(
        `the relay to publish ${topic}`,
        async () => (await service.messagesIn(topic)) > before,
      );
    });
  }

  for (const { topic, example } of handledEvents) {
    it(`hands ${topic} to its @EventPattern handler, which finishes`, async () => {
      const key = uniqueName('key');
      await service.producer.send(topic, { key, data: example });
      await service.waitForHandled(key, `the ${topic} handler to finish the event keyed ${key}`);
    });
  }
});
