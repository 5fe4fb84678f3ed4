import { defineCatalog, defineTopic, UnknownTopicError } from '@platform/kafka';
import { deadLetterTopic, retryTopic } from '@platform/naming';
import { z } from 'zod';
import { desiredTopics } from './desired-state';

const orders = defineCatalog({
  service: 'orders',
  topics: [defineTopic({ name: 'orders.order.created', partitions: 12, key: 'order id', schema: z.unknown() })],
});

describe('desiredTopics', () => {
  it("adds a subscriber's retry and dead-letter topics with the source's partitions, owned by the subscriber", () => {
    const desired = desiredTopics([orders], 1, [{ service: 'billing', topics: ['orders.order.created'] }]);
    const source = 'orders.order.created';
    const derived = desired.filter((topic) => topic.owner === 'billing');
    expect(derived.map((topic) => topic.name).sort()).toEqual(
      [
        retryTopic({ source, service: 'billing', attempt: 1 }),
        retryTopic({ source, service: 'billing', attempt: 2 }),
        retryTopic({ source, service: 'billing', attempt: 3 }),
        deadLetterTopic({ source, service: 'billing' }),
      ].sort(),
    );
    for (const topic of derived) expect(topic.partitions).toBe(12);
    const dlt = derived.find((topic) => topic.name === deadLetterTopic({ source, service: 'billing' }));
    expect(dlt?.configs['cleanup.policy']).toBe('delete');
    expect(Number(dlt?.configs['retention.ms'])).toBeGreaterThanOrEqual(14 * 86_400_000);
    // Room for the forwarding headers above the broker's default 1 MiB + 12 bytes.
    for (const topic of derived) expect(topic.configs['max.message.bytes']).toBe(String(1_048_588 + 65_536));
    expect(desired.find((topic) => topic.name === source)?.configs['max.message.bytes']).toBeUndefined();
  });

  it("plans one retry topic per delay the subscriber's catalog declares, and takes no other service's delays", () => {
    const source = 'orders.order.created';
    const billing = defineCatalog({ service: 'billing', topics: [], retryTopicDelaysMs: [1_000, 5_000, 10_000, 30_000, 60_000] });
    const shipping = defineCatalog({ service: 'shipping', topics: [], retryTopicDelaysMs: [] });
    const ordersWithDelays = defineCatalog({ service: 'orders', topics: orders.topics, retryTopicDelaysMs: [7] });
    const desired = desiredTopics([ordersWithDelays, billing, shipping], 1, [
      { service: 'billing', topics: [source] },
      { service: 'shipping', topics: [source] },
      { service: 'audit', topics: [source] },
    ]);
    const of = (owner: string): string[] => desired.filter((topic) => topic.owner === owner).map((topic) => topic.name);
    expect(of('billing')).toEqual([
      deadLetterTopic({ source, service: 'billing' }),
      ...[1, 2, 3, 4, 5].map((attempt) => retryTopic({ source, service: 'billing', attempt })),
    ]);
    expect(of('shipping')).toEqual([deadLetterTopic({ source, service: 'shipping' })]);
    // audit declares none: the default three, not the delays of the orders catalog it reads.
    expect(of('audit')).toHaveLength(4);
  });

  it("plans only the dead-letter topic for a topic the subscriber's catalog lists as ordered", () => {
    const source = 'orders.order.created';
    const cancelled = 'orders.order.cancelled';
    const ordersTwo = defineCatalog({
      service: 'orders',
      topics: [...orders.topics, defineTopic({ name: cancelled, partitions: 12, key: 'order id', schema: z.unknown() })],
      // orders' own consumer's setting: not billing's.
      orderedTopics: [cancelled],
    });
    const billing = defineCatalog({ service: 'billing', topics: [], orderedTopics: [source] });
    const desired = desiredTopics([ordersTwo, billing], 1, [{ service: 'billing', topics: [source, cancelled] }]);
    expect(desired.filter((topic) => topic.owner === 'billing').map((topic) => topic.name)).toEqual([
      deadLetterTopic({ source: cancelled, service: 'billing' }),
      ...[1, 2, 3].map((attempt) => retryTopic({ source: cancelled, service: 'billing', attempt })),
      deadLetterTopic({ source, service: 'billing' }),
    ]);
  });

  it('plans nothing extra for a service that handles nothing', () => {
    expect(desiredTopics([orders], 1, [{ service: 'orders', topics: [] }]).map((t) => t.name)).toEqual(['orders.order.created']);
  });

  it('refuses a subscription to a topic no catalog declares, naming it', () => {
    expect(() => desiredTopics([orders], 1, [{ service: 'billing', topics: ['orders.order.shipped'] }])).toThrow(UnknownTopicError);
    expect(() => desiredTopics([orders], 1, [{ service: 'billing', topics: ['orders.order.shipped'] }])).toThrow('orders.order.shipped');
  });

  it('refuses a min.insync.replicas above the replication factor, where every acks=all write would fail', () => {
    // 2 in-sync replicas fit a 3-broker cluster; a 1-broker dev cluster gets replication factor 1.
    const strict = defineCatalog({
      service: 'orders',
      topics: [defineTopic({ name: 'orders.order.created', partitions: 3, minInSyncReplicas: 2, key: 'order id', schema: z.unknown() })],
    });
    expect(desiredTopics([strict], 3)[0].configs['min.insync.replicas']).toBe('2');
    expect(() => desiredTopics([strict], 1)).toThrow(
      'Topic "orders.order.created" asks for min.insync.replicas 2 but gets replication factor 1',
    );
  });
});
