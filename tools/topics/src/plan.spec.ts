import { defineCatalog, defineTopic } from '@platform/kafka';
import { z } from 'zod';
import type { ActualTopic } from './cluster-state';
import { type DesiredTopic, desiredTopics } from './desired-state';
import { planTopics } from './plan';
import { renderPlan } from './render-plan';

const desired = (overrides: Partial<DesiredTopic> = {}): DesiredTopic => ({
  name: 'orders.order.created',
  owner: 'orders',
  partitions: 12,
  replicationFactor: 3,
  configs: { 'cleanup.policy': 'delete', 'min.insync.replicas': '2', 'retention.ms': '604800000' },
  ...overrides,
});
const actual = (overrides: Partial<ActualTopic> = {}): ActualTopic => ({
  name: 'orders.order.created',
  partitions: 12,
  replicationFactor: 3,
  configs: { 'cleanup.policy': 'delete', 'min.insync.replicas': '2', 'retention.ms': '604800000' },
  ...overrides,
});
const cluster = (...topics: ActualTopic[]): Map<string, ActualTopic> => new Map(topics.map((t) => [t.name, t]));

describe('planTopics', () => {
  it('creates what is missing and leaves matching topics alone', () => {
    const missing = desired({ name: 'orders.order.shipped' });
    expect(planTopics([desired(), missing], cluster(actual()))).toEqual([{ kind: 'create', topic: missing }]);
  });

  it('alters configs that differ, listing old and new values', () => {
    const plan = planTopics([desired()], cluster(actual({ configs: { 'cleanup.policy': 'delete', 'min.insync.replicas': '1', 'retention.ms': '604800000' } })));
    expect(plan).toEqual([{ kind: 'alter-configs', topic: desired(), changes: [{ name: 'min.insync.replicas', from: '1', to: '2' }] }]);
  });

  it("names the topic's own configs outside the catalog that an alter resets, and leaves them alone without one", () => {
    const overrides = { 'retention.ms': '604800000', 'segment.ms': '3600000' };
    const plan = planTopics([desired()], cluster(actual({ configs: { ...actual().configs, 'min.insync.replicas': '1' }, overrides })));
    expect(plan).toEqual([
      {
        kind: 'alter-configs',
        topic: desired(),
        changes: [{ name: 'min.insync.replicas', from: '1', to: '2' }],
        resets: [{ name: 'segment.ms', from: '3600000' }],
      },
    ]);
    expect(renderPlan(plan, [])).toBe(
      '~ alter    orders.order.created: min.insync.replicas 1 → 2, segment.ms 3600000 → (default: not in the catalog, AlterConfigs resets it)',
    );
    expect(planTopics([desired()], cluster(actual({ overrides })))).toEqual([]);
  });

  it('refuses a partition increase unless explicitly allowed, warning that keys move', () => {
    const [refusal] = planTopics([desired({ partitions: 24 })], cluster(actual()));
    expect(refusal).toMatchObject({ kind: 'refuse', name: 'orders.order.created' });
    expect(refusal.kind === 'refuse' && refusal.reason).toContain('--allow-partition-increase');
    expect(planTopics([desired({ partitions: 24 })], cluster(actual()), { allowPartitionIncrease: true })).toEqual([
      { kind: 'increase-partitions', topic: desired({ partitions: 24 }), from: 12, to: 24 },
    ]);
  });

  it('refuses a partition decrease and an in-place replication change, with the reason', () => {
    const plan = planTopics([desired({ partitions: 6, replicationFactor: 1 })], cluster(actual()), { allowPartitionIncrease: true });
    expect(plan.map((a) => a.kind)).toEqual(['refuse', 'refuse']);
    const reasons = plan.map((a) => (a.kind === 'refuse' ? a.reason : ''));
    expect(reasons[0]).toContain('partition reassignment');
    expect(reasons[1]).toContain('Kafka cannot remove partitions');
  });

  it('never deletes without prune, and prunes only undeclared house-named topics of the catalogs\' domains', () => {
    const topics = cluster(
      actual(),
      actual({ name: 'orders.order.cancelled' }),
      actual({ name: 'billing.invoice.sent' }),
      actual({ name: 'orders.order.created.dlt.billing' }),
      actual({ name: 'orders.public.outbox' }), // Debezium's <prefix>.<schema>.<table>: not a house name
      actual({ name: 'orders-connect-offsets' }),
    );
    expect(planTopics([desired()], topics)).toEqual([]);
    expect(planTopics([desired()], topics, { prune: true })).toEqual([{ kind: 'delete', name: 'orders.order.cancelled' }]);
  });
});

describe('renderPlan', () => {
  it('prints one line per step and the storage estimate', () => {
    const topic = desired({ storageBytes: 3 * 1024 ** 3 });
    expect(renderPlan([{ kind: 'create', topic }], [topic])).toBe(
      [
        '+ create   orders.order.created (orders): 12 partitions, RF 3, cleanup.policy=delete min.insync.replicas=2 retention.ms=604800000',
        '',
        'Storage estimate (throughput × size × retention × replication):',
        '  orders.order.created  3.0 GiB',
        '  total  3.0 GiB',
      ].join('\n'),
    );
    expect(renderPlan([], [])).toBe('No changes: the cluster matches the catalogs.');
  });

  it('says a topic kept forever (retention.ms -1) grows without bound, and so does the total', () => {
    const catalog = defineCatalog({
      service: 'orders',
      topics: [
        defineTopic({ name: 'orders.order.created', partitions: 3, retentionMs: -1, key: 'order id', schema: z.unknown(), expected: { messagesPerSecond: 10, averageMessageBytes: 100 } }),
      ],
    });
    expect(renderPlan([], desiredTopics([catalog], 3))).toBe(
      [
        'No changes: the cluster matches the catalogs.',
        '',
        'Storage estimate (throughput × size × retention × replication):',
        '  orders.order.created  unbounded (kept forever)',
        '  total  unbounded (kept forever)',
      ].join('\n'),
    );
  });
});
