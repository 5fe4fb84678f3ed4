import { Kafka, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
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
    [
      { ackTimeoutMs: 0 },
      "Invalid ackTimeoutMs, expected a whole number of ms > 0 and <= 2147483647 (the produce request's INT32) received 0",
    ],
    [
      { ackTimeoutMs: 3_000_000_000 },
      "Invalid ackTimeoutMs, expected a whole number of ms > 0 and <= 2147483647 (the produce request's INT32) received 3000000000",
    ],
    [
      { ackTimeoutMs: 1.5 },
      "Invalid ackTimeoutMs, expected a whole number of ms > 0 and <= 2147483647 (the produce request's INT32) received 1.5",
    ],
    [{ lingerMs: -5 }, 'Invalid lingerMs, expected a number >= 0 and <= 2147483647 received -5'],
    [{ maxBatchEvents: 0 }, 'Invalid maxBatchEvents, expected a whole number >= 1 received 0'],
    [{ maxBatchEvents: 2.5 }, 'Invalid maxBatchEvents, expected a whole number >= 1 received 2.5'],
    [{ maxBatchBytes: 0 }, 'Invalid maxBatchBytes, expected a number >= 1 received 0'],
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

  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [{ partitions: 3 }, 'an object without a name'],
    [42, 'number'],
  ])(
    'rejects topic %p as not a topic, not as a topic missing from the catalog',
    async (topic, received) => {
      const producer = createEventProducer({ service: 'orders', catalog, brokers });
      const message = `Invalid topic, expected a topic name or a TopicDefinition received ${received}`;
      const ref = topic as unknown as string;
      await expect(producer.send(ref, { key: 'o-1', data: {} })).rejects.toThrow(
        new TypeError(message),
      );
      await expect(producer.sendMany(ref, [])).rejects.toThrow(new TypeError(message));
      await expect(producer.sendJson(ref, { key: 'o-1', json: '{}' })).rejects.toThrow(
        new TypeError(message),
      );
      await producer.disconnect();
    },
  );

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

/** A kafkajs client whose producers fail their first batch only when `failFirstBatch` says so. */
function fakeKafka(failFirstBatch: boolean): {
  kafka: Kafka;
  producers: { batches: number; connected: boolean; disconnected: boolean }[];
} {
  const producers: { batches: number; connected: boolean; disconnected: boolean }[] = [];
  const kafka = {
    producer: () => {
      const state = { batches: 0, connected: false, disconnected: false };
      producers.push(state);
      return {
        connect: async () => {
          state.connected = true;
        },
        disconnect: async () => {
          state.disconnected = true;
        },
        sendBatch: async () => {
          state.batches++;
          if (failFirstBatch && producers.length === 1 && state.batches === 1)
            throw new KafkaJSNumberOfRetriesExceeded(new Error('Request timed out'), {
              retryCount: 5,
              retryTime: 10_000,
            });
          return [];
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, producers };
}

/** A kafkajs client whose producer's connect() settles when the test says, logging what happens. */
function slowConnectKafka(): {
  kafka: Kafka;
  log: string[];
  finishConnect(error?: Error): void;
} {
  const log: string[] = [];
  let finish!: (error?: Error) => void;
  const connected = new Promise<void>((resolve, reject) => {
    finish = (error) => (error ? reject(error) : resolve());
  });
  const kafka = {
    producer: () => ({
      connect: async () => {
        log.push('connect');
        try {
          await connected;
          log.push('connected');
        } catch (error) {
          log.push('connect failed');
          throw error;
        }
      },
      disconnect: async () => {
        log.push('disconnect');
      },
      sendBatch: async () => [],
    }),
  } as unknown as Kafka;
  return { kafka, log, finishConnect: (error) => finish(error) };
}

describe('EventProducer disconnected while connecting', () => {
  it('waits for the connect in progress, then disconnects, so no connection outlives it', async () => {
    const { kafka, log, finishConnect } = slowConnectKafka();
    const producer = createEventProducer({ service: 'orders', catalog, kafka });
    const connecting = producer.connect();
    const disconnecting = producer.disconnect();
    await new Promise(setImmediate); // the flush is done: the disconnect would go out now
    finishConnect();
    await connecting;
    await disconnecting;
    expect(log).toEqual(['connect', 'connected', 'disconnect']);
  });

  it('still disconnects when that connect fails, and leaves the error to connect()', async () => {
    const { kafka, log, finishConnect } = slowConnectKafka();
    const producer = createEventProducer({ service: 'orders', catalog, kafka });
    const connecting = producer.connect();
    const disconnecting = producer.disconnect();
    await new Promise(setImmediate);
    finishConnect(new Error('Connection refused'));
    await expect(connecting).rejects.toThrow('Connection refused');
    await expect(disconnecting).resolves.toBeUndefined();
    expect(log).toEqual(['connect', 'connect failed', 'disconnect']);
  });
});

describe('EventProducer with an invalid envelope attribute', () => {
  const valid = (id: string) => ({ key: id, data: { orderId: id } });

  it('sendMany sends none of the list when one event has an attribute kafkajs cannot encode', async () => {
    const { kafka, producers } = fakeKafka(false);
    const producer = createEventProducer({ service: 'orders', catalog, kafka });
    const bad = { ...valid('o-2'), causationId: 5 as unknown as string };
    await expect(
      producer.sendMany('orders.order.created', [valid('o-1'), bad, valid('o-3')]),
    ).rejects.toThrow(
      'Invalid causationId for topic "orders.order.created": expected a string, received number',
    );
    await producer.disconnect();
    expect(producers.map((state) => state.batches)).toEqual([0]);
  });

  it('send rejects only its own caller, not the others sharing its batch', async () => {
    const { kafka, producers } = fakeKafka(false);
    const producer = createEventProducer({ service: 'orders', catalog, kafka });
    const sends = [
      producer.send('orders.order.created', valid('o-1')),
      producer.send('orders.order.created', { ...valid('o-2'), id: '' }),
      producer.send('orders.order.created', valid('o-3')),
    ];
    const [first, second, third] = await Promise.allSettled(sends);
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(TypeError) });
    expect([first.status, third.status]).toEqual(['fulfilled', 'fulfilled']);
    await producer.disconnect();
    expect(producers.map((state) => state.batches)).toEqual([1]);
  });
});

describe('EventProducer after a batch that exhausted its retries', () => {
  const event = { key: 'o-1', data: { orderId: 'o-1' } };

  it('idempotent: disconnects that kafkajs producer and sends the next batch through a new one', async () => {
    const { kafka, producers } = fakeKafka(true);
    const producer = createEventProducer({ service: 'orders', catalog, kafka, idempotent: true });
    await expect(producer.send('orders.order.created', event)).rejects.toBeInstanceOf(
      KafkaJSNumberOfRetriesExceeded,
    );
    await expect(producer.send('orders.order.created', event)).resolves.toMatchObject({
      key: 'o-1',
    });
    await producer.disconnect();

    expect(producers).toEqual([
      { batches: 1, connected: true, disconnected: true },
      { batches: 1, connected: true, disconnected: true },
    ]);
  });

  it('not idempotent: keeps its producer (no sequence numbers to go wrong)', async () => {
    const { kafka, producers } = fakeKafka(true);
    const producer = createEventProducer({ service: 'orders', catalog, kafka });
    await expect(producer.send('orders.order.created', event)).rejects.toBeInstanceOf(
      KafkaJSNumberOfRetriesExceeded,
    );
    await producer.send('orders.order.created', event);
    await producer.disconnect();

    expect(producers).toEqual([{ batches: 2, connected: true, disconnected: true }]);
  });
});
