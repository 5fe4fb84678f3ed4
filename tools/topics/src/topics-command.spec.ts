import { defineCatalog, defineTopic } from '@platform/kafka';
import type { Admin } from 'kafkajs';
import { z } from 'zod';
import { runTopicsCommand } from './topics-command';

const catalog = defineCatalog({
  service: 'orders',
  topics: [
    defineTopic({
      name: 'orders.order.created',
      partitions: 2,
      key: 'order id',
      schema: z.unknown(),
    }),
    defineTopic({
      name: 'orders.order.shipped',
      partitions: 2,
      key: 'order id',
      schema: z.unknown(),
    }),
  ],
});

/** A 3-broker cluster whose broker 3 is down: describeCluster lists only the brokers that answer. */
const degraded = {
  describeCluster: async () => ({
    brokers: [{ nodeId: 1 }, { nodeId: 2 }],
    controller: 1,
    clusterId: 'c',
  }),
  listTopics: async () => ['orders.order.created'],
  fetchTopicMetadata: async () => ({
    topics: [
      {
        name: 'orders.order.created',
        partitions: [0, 1].map((partitionId) => ({
          partitionId,
          leader: 1,
          replicas: [1, 2, 3],
          isr: [1, 2],
        })),
      },
    ],
  }),
  describeConfigs: async () => ({ resources: [] }),
  createTopics: jest.fn(),
} as unknown as Admin;

describe('runTopicsCommand on a cluster with a broker down', () => {
  it('refuses to plan, naming the broker, instead of sizing topics for the brokers that answer', async () => {
    await expect(
      runTopicsCommand({ admin: degraded, catalogs: [catalog], apply: true }),
    ).rejects.toThrow(
      'Broker 3 holds replicas but does not answer: the cluster looks like 2 brokers, so new topics would get ' +
        'fewer replicas and existing ones would read as a replication-factor change. Bring it back, then plan again.',
    );
    expect(degraded.createTopics).not.toHaveBeenCalled();
  });
});
