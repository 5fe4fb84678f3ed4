import { SagaOrchestrator } from '@platform/saga';
import { ServiceUnderTest } from '@platform/service-testing';
import { SERVICE_NAME } from '../config';
import { createApp } from '../app/create-app';
import { serviceCatalog } from '../app/service-catalog';
import { placeOrderRequestExample } from './place-order.request';

describe('orders-service POST /orders while it shuts down', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({
      name: SERVICE_NAME,
      catalog: serviceCatalog,
      subscriptions: ['orders.order.replies'],
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

  it('is a 503 with Retry-After once the sagas stopped, so the client retries elsewhere', async () => {
    // What SagaModule's beforeApplicationShutdown does, while Nest still serves HTTP.
    await service.app.get(SagaOrchestrator).stop();
    const response = await fetch(`${service.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(placeOrderRequestExample),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
  });
});
