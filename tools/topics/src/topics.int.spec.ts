import { consumerSubscribedTopics, createKafkaEventConsumer, defineCatalog, defineTopic, mergeCatalogs, type TopicCatalog } from '@platform/kafka';
import { deadLetterTopic, retryTopic } from '@platform/naming';
import { testKafka, uniqueName } from '@platform/testing';
import type { Admin } from 'kafkajs';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { readClusterState } from './cluster-state';
import { readWorkspace } from './read-workspace';
import { runTopicsCommand } from './topics-command';

// A unique domain per run keeps this suite's topics (and --prune) away from every other suite's.
const domain = uniqueName('t').replace(/[^a-z0-9]/g, '');
const created = `${domain}.order.created`;
const shipped = `${domain}.order.shipped`;

function catalog(overrides: { partitions?: number; retentionMs?: number; withShipped?: boolean } = {}) {
  const topics = [
    defineTopic({ name: created, partitions: overrides.partitions ?? 3, key: 'order id', schema: z.unknown(), retentionMs: overrides.retentionMs }),
  ];
  if (overrides.withShipped) topics.push(defineTopic({ name: shipped, partitions: 2, key: 'order id', schema: z.unknown() }));
  return defineCatalog({ service: 'orders', topics });
}

describe('topics plan/apply against the real cluster', () => {
  let admin: Admin;
  const quiet = { log: () => undefined };

  beforeAll(async () => {
    admin = testKafka('topics-test').admin();
    await admin.connect();
  });

  afterAll(async () => {
    const ours = (await admin.listTopics()).filter((name) => name.startsWith(`${domain}.`));
    if (ours.length) await admin.deleteTopics({ topics: ours });
    await admin.disconnect();
  });

  it('creates declared topics with their configs, then plans no changes', async () => {
    const first = await runTopicsCommand({ admin, catalogs: [catalog({ withShipped: true })], apply: true, ...quiet });
    expect(first.actions.map((a) => a.kind)).toEqual(['create', 'create']);
    const state = await readClusterState(admin, ['cleanup.policy', 'retention.ms']);
    expect(state.topics.get(created)).toMatchObject({ partitions: 3, configs: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' } });
    const second = await runTopicsCommand({ admin, catalogs: [catalog({ withShipped: true })], apply: false, ...quiet });
    expect(second.actions).toEqual([]);
  });

  it('alters a changed retention in place', async () => {
    await runTopicsCommand({ admin, catalogs: [catalog({ withShipped: true, retentionMs: 86_400_000 })], apply: true, ...quiet });
    const state = await readClusterState(admin, ['retention.ms']);
    expect(state.topics.get(created)?.configs['retention.ms']).toBe('86400000');
  });

  it('refuses a partition increase without the flag and changes nothing', async () => {
    await expect(
      runTopicsCommand({ admin, catalogs: [catalog({ withShipped: true, partitions: 6, retentionMs: 86_400_000 })], apply: true, ...quiet }),
    ).rejects.toThrow('nothing was applied');
    const state = await readClusterState(admin, []);
    expect(state.topics.get(created)?.partitions).toBe(3);
  });

  it('grows partitions with --allow-partition-increase', async () => {
    await runTopicsCommand({
      admin,
      catalogs: [catalog({ withShipped: true, partitions: 6, retentionMs: 86_400_000 })],
      apply: true,
      allowPartitionIncrease: true,
      ...quiet,
    });
    const state = await readClusterState(admin, []);
    expect(state.topics.get(created)?.partitions).toBe(6);
  });

  it('refuses a partition decrease', async () => {
    await expect(runTopicsCommand({ admin, catalogs: [catalog({ withShipped: true, partitions: 2 })], apply: true, ...quiet })).rejects.toThrow(
      'nothing was applied',
    );
  });

  it('deletes an undeclared topic only with --prune', async () => {
    const kept = await runTopicsCommand({ admin, catalogs: [catalog({ partitions: 6, retentionMs: 86_400_000 })], apply: true, ...quiet });
    expect(kept.actions).toEqual([]);
    expect(await admin.listTopics()).toContain(shipped);
    await runTopicsCommand({ admin, catalogs: [catalog({ partitions: 6, retentionMs: 86_400_000 })], apply: true, prune: true, ...quiet });
    expect(await admin.listTopics()).not.toContain(shipped);
  });

  it("creates each subscriber's retry and dead-letter topics, shaped like the source, and never prunes them", async () => {
    const subscriptions = [{ service: 'billing', topics: [created] }];
    const applied = await runTopicsCommand({ admin, catalogs: [catalog({ partitions: 6, retentionMs: 86_400_000 })], subscriptions, apply: true, ...quiet });
    const retries = [1, 2, 3].map((attempt) => retryTopic({ source: created, service: 'billing', attempt }));
    const dlt = deadLetterTopic({ source: created, service: 'billing' });
    expect(applied.actions.map((a) => (a.kind === 'create' ? a.topic.name : a.kind)).sort()).toEqual([...retries, dlt].sort());
    const state = await readClusterState(admin, ['cleanup.policy', 'retention.ms']);
    for (const name of [...retries, dlt]) expect(state.topics.get(name)?.partitions).toBe(6);
    expect(Number(state.topics.get(dlt)?.configs['retention.ms'])).toBeGreaterThanOrEqual(14 * 86_400_000);
    // Without the subscription they are undeclared, yet --prune keeps them (they may hold dead letters).
    const pruned = await runTopicsCommand({ admin, catalogs: [catalog({ partitions: 6, retentionMs: 86_400_000 })], apply: true, prune: true, ...quiet });
    expect(pruned.actions).toEqual([]);
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([...retries, dlt]));
  });

  // A workspace with one app that handles `created`, read the way `npm run topics` reads
  // apps/*/src/topic-catalog.ts; `settings` is the rest of its defineCatalog options, as source.
  async function withWorkspaceApp(
    service: string,
    settings: string,
    run: (workspace: ReturnType<typeof readWorkspace>) => Promise<void>,
  ): Promise<void> {
    const root = mkdtempSync(join(tmpdir(), 'topics-'));
    try {
      symlinkSync(resolve(__dirname, '../../../node_modules'), join(root, 'node_modules'), 'dir');
      const src = join(root, 'apps', 'shipping-service', 'src');
      mkdirSync(src, { recursive: true });
      const catalogFile = join(src, 'topic-catalog.ts');
      writeFileSync(
        catalogFile,
        `import { defineCatalog } from '@platform/kafka';\n` +
          `export const catalog = defineCatalog({ service: '${service}', topics: [], ${settings} });\n`,
      );
      writeFileSync(
        join(src, 'order-created.handler.ts'),
        `import { EventPattern } from '@nestjs/microservices';\n` +
          `export class OrderCreatedHandler {\n  @EventPattern('${created}')\n  handle(): void {}\n}\n`,
      );
      const workspace = readWorkspace([catalogFile], root);
      expect(workspace.subscriptions).toEqual([{ service, topics: [created] }]);
      await run(workspace);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  /** `apply` of the orders catalog and the workspace app's: what it created (or did), in order. */
  async function applyWithOrders(
    workspace: ReturnType<typeof readWorkspace>,
  ): Promise<{ orders: TopicCatalog; created: string[] }> {
    const orders = catalog({ partitions: 6, retentionMs: 86_400_000 });
    const applied = await runTopicsCommand({
      admin,
      catalogs: [orders, ...workspace.catalogs],
      subscriptions: workspace.subscriptions,
      apply: true,
      ...quiet,
    });
    return { orders, created: applied.actions.map((a) => (a.kind === 'create' ? a.topic.name : a.kind)) };
  }

  /** The service's consumer of `created`, on the catalogs its app would merge. */
  function consumerOptions(service: string, catalogs: readonly TopicCatalog[]) {
    return {
      kafka: testKafka(`${service}-consumer`),
      service,
      catalog: mergeCatalogs(service, catalogs),
      subscriptions: [{ topic: created, handler: async () => undefined }],
      session: { maxWaitTimeMs: 100 },
    };
  }

  /** Starts and stops the service's consumer of `created`: it refuses to start while a topic it reads is missing. */
  async function startConsumer(options: Parameters<typeof createKafkaEventConsumer>[0]): Promise<void> {
    const consumer = createKafkaEventConsumer(options);
    try {
      await consumer.start();
    } finally {
      await consumer.stop();
    }
  }

  it("provisions the retry topics of the delays a service's catalog declares, and its consumer starts on them", async () => {
    const service = uniqueName('shipping');
    const delays = [100, 200, 400, 800, 1_600];
    await withWorkspaceApp(service, `retryTopicDelaysMs: ${JSON.stringify(delays)}`, async (workspace) => {
      expect(workspace.catalogs[0].retryTopicDelaysMs).toEqual(delays);

      const { orders, created: made } = await applyWithOrders(workspace);
      const retries = delays.map((_, i) => retryTopic({ source: created, service, attempt: i + 1 }));
      const dlt = deadLetterTopic({ source: created, service });
      expect(made.sort()).toEqual([...retries, dlt].sort());

      // The service's consumer takes the delays from the same catalog and finds every topic it reads.
      const options = consumerOptions(service, [...workspace.catalogs, orders]);
      expect(consumerSubscribedTopics(options).sort()).toEqual([created, ...retries].sort());
      await startConsumer(options);
    });
  });

  it("provisions no retry topics for a topic the service's catalog lists as ordered, and its consumer starts", async () => {
    const service = uniqueName('shipping');
    await withWorkspaceApp(service, `orderedTopics: ['${created}']`, async (workspace) => {
      expect(workspace.catalogs[0].orderedTopics).toEqual([created]);

      const { orders, created: made } = await applyWithOrders(workspace);
      // Only the dead-letter topic: ordered mode retries in place and never reads a retry topic.
      const dlt = deadLetterTopic({ source: created, service });
      expect(made).toEqual([dlt]);

      // The consumer's subscription says nothing about order: the same catalog makes it ordered.
      const options = consumerOptions(service, [...workspace.catalogs, orders]);
      expect(consumerSubscribedTopics(options)).toEqual([created]);
      await startConsumer(options);
    });
  });
});
