import { defineCatalog, defineTopic, mergeCatalogs } from '@platform/kafka';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import type { KafkaModuleOptions } from '../kafka-module-options';
import { KafkaTransport } from './kafka-transport';

const source = 'orders.order.created';
const orders = defineCatalog({
  service: 'orders',
  topics: [defineTopic({ name: source, partitions: 3, key: 'order id', schema: z.unknown() })],
});
const billing = defineCatalog({
  service: 'billing',
  topics: [],
  retryTopicDelaysMs: [1_000, 10_000, 60_000, 300_000],
});
// No broker: the consumer is built (options checked, topics derived), then fails at its first admin call.
const noBroker = {
  admin: () => ({
    connect: async () => Promise.reject(new Error('no broker here')),
    disconnect: async () => undefined,
  }),
} as unknown as Kafka;

async function listen(
  consumer: KafkaModuleOptions['consumer'],
): Promise<{ transport: KafkaTransport; error: unknown }> {
  const options: KafkaModuleOptions = {
    connection: { service: 'billing', brokers: ['127.0.0.1:1'], clientId: 'billing.test' },
    catalog: mergeCatalogs('billing', [billing, orders]),
    consumer,
  };
  const transport = new KafkaTransport(options, noBroker);
  transport.addHandler(source, async () => undefined, true);
  const error = await new Promise((resolve) => void transport.listen(resolve));
  return { transport, error };
}

describe('KafkaTransport retry topic delays', () => {
  it("reads one retry topic per delay of the service's catalog", async () => {
    const { transport, error } = await listen({ session: { maxWaitTimeMs: 100 } });
    expect(error).toEqual(new Error('no broker here'));
    expect(transport.subscribedTopics()).toEqual([
      source,
      ...[1, 2, 3, 4].map((n) => `${source}.retry.billing.${n}`),
    ]);
  });

  it('has none for an ordered topic', async () => {
    const { transport } = await listen({ orderedTopics: [source] });
    expect(transport.subscribedTopics()).toEqual([source]);
  });

  it('refuses consumer options whose delays differ from the catalog’s, saying which to remove', async () => {
    const { transport, error } = await listen({ retry: { retryTopicDelaysMs: [500] } });
    expect(String(error)).toContain('Remove retry.retryTopicDelaysMs from the consumer options');
    expect(transport.subscribedTopics()).toEqual([]);
  });
});
