import { Kafka } from 'kafkajs';
import { NamingError } from '@platform/naming';
import { z } from 'zod';
import { UnknownTopicError } from '../errors';
import { defineCatalog, defineTopic, type TopicCatalog } from '../topics';
import { createEventProducer } from './kafkajs-event-producer';
import { ProducerClosedError } from './producer-closed-error';

// Nothing here connects: the producer only dials the broker on connect() or on its first batch.
const catalog: TopicCatalog = defineCatalog({
  service: 'orders',
  topics: [
    defineTopic({
      name: 'orders.order.created',
      partitions: 3,
      key: 'order id',
      schema: z.object({ orderId: z.string() }),
    }),
  ],
});
const brokers = ['127.0.0.1:1'];

describe('createEventProducer options', () => {
  it('checks the service name with the naming rules', () => {
    expect(() => createEventProducer({ service: 'Orders', catalog, brokers })).toThrow(NamingError);
  });

  it('needs a catalog', () => {
    expect(() =>
      createEventProducer({
        service: 'orders',
        catalog: undefined as unknown as TopicCatalog,
        brokers,
      }),
    ).toThrow('Invalid producer options: expected a topic catalog (catalog), received none.');
  });

  it('needs exactly one of brokers and kafka', () => {
    expect(() => createEventProducer({ service: 'orders', catalog })).toThrow(
      'Invalid producer options: expected brokers (host:port, ...) or a kafkajs Kafka instance, received neither.',
    );
    const kafka = new Kafka({ brokers, clientId: 'orders.test' });
    expect(() => createEventProducer({ service: 'orders', catalog, brokers, kafka })).toThrow(
      'Invalid producer options: pass either brokers or kafka, not both.',
    );
  });

  it.each([
    [{ ackTimeoutMs: 0 }, 'Invalid ackTimeoutMs, expected a number > 0 received 0'],
    [{ lingerMs: -5 }, 'Invalid lingerMs, expected a number >= 0 received -5'],
    [{ maxBatchEvents: 0 }, 'Invalid maxBatchItems, expected a whole number >= 1 received 0'],
  ])('rejects %j', (options, message) => {
    expect(() => createEventProducer({ service: 'orders', catalog, brokers, ...options })).toThrow(
      message,
    );
  });
});

describe('EventProducer without a broker', () => {
  it('rejects a topic outside the catalog before connecting', async () => {
    const producer = createEventProducer({ service: 'orders', catalog, brokers });
    await expect(
      producer.send('billing.invoice.created', { key: 'i-1', data: {} }),
    ).rejects.toBeInstanceOf(UnknownTopicError);
    await producer.disconnect();
  });

  it('rejects sends and connect after disconnect', async () => {
    const producer = createEventProducer({ service: 'orders', catalog, brokers });
    await producer.disconnect();
    await expect(
      producer.send('orders.order.created', { key: 'o-1', data: { orderId: 'o-1' } }),
    ).rejects.toThrow(new ProducerClosedError('orders.order.created').message);
    await expect(producer.sendMany('orders.order.created', [])).rejects.toBeInstanceOf(
      ProducerClosedError,
    );
    await expect(producer.connect()).rejects.toThrow(
      'Cannot connect: the producer is disconnecting or disconnected.',
    );
  });

  it('resolves an empty sendMany without connecting', async () => {
    const producer = createEventProducer({ service: 'orders', catalog, brokers });
    await expect(producer.sendMany('orders.order.created', [])).resolves.toEqual([]);
    await producer.disconnect();
  });
});
