import { defineCatalog, defineTopic } from '@platform/kafka';
import { testKafka, uniqueName } from '@platform/testing';
import type { Admin } from 'kafkajs';
import { z } from 'zod';
import { readClusterState } from './cluster-state';
import { runTopicsCommand } from './topics-command';

// A unique domain per run keeps this suite's topics away from every other suite's.
const domain = uniqueName('tv').replace(/[^a-z0-9]/g, '');
const created = `${domain}.order.created`;
const shipped = `${domain}.order.shipped`;
const paid = `${domain}.order.paid`;

const topic = (name: string, options: { partitions?: number; retentionMs?: number } = {}) =>
  defineTopic({
    name,
    partitions: options.partitions ?? 2,
    key: 'order id',
    schema: z.unknown(),
    ...options,
  });

describe('topics apply with a step the broker refuses applies nothing', () => {
  let admin: Admin;
  const quiet = { log: () => undefined };

  beforeAll(async () => {
    admin = testKafka('topics-validation-test').admin();
    await admin.connect();
  });

  afterAll(async () => {
    const ours = (await admin.listTopics()).filter((name) => name.startsWith(`${domain}.`));
    if (ours.length) await admin.deleteTopics({ topics: ours });
    await admin.disconnect();
  });

  it('does not create the valid topics when another new topic has a config Kafka rejects, and names it', async () => {
    const catalog = defineCatalog({
      service: 'orders',
      topics: [topic(created), topic(shipped, { retentionMs: -5 })],
    });
    await expect(
      runTopicsCommand({ admin, catalogs: [catalog], apply: true, ...quiet }),
    ).rejects.toThrow(
      new RegExp(
        `nothing was applied[\\s\\S]*${shipped.replace(/\./g, '\\.')}[\\s\\S]*INVALID_CONFIG`,
      ),
    );
    expect(await admin.listTopics()).not.toContain(created);
  });

  it('does not grow or create anything when a config change of an existing topic is rejected', async () => {
    await runTopicsCommand({
      admin,
      catalogs: [defineCatalog({ service: 'orders', topics: [topic(created)] })],
      apply: true,
      ...quiet,
    });
    const catalog = defineCatalog({
      service: 'orders',
      topics: [topic(created, { partitions: 4, retentionMs: -5 }), topic(paid)],
    });
    await expect(
      runTopicsCommand({
        admin,
        catalogs: [catalog],
        apply: true,
        allowPartitionIncrease: true,
        ...quiet,
      }),
    ).rejects.toThrow(new RegExp(`nothing was applied[\\s\\S]*${created.replace(/\./g, '\\.')}`));
    expect(await admin.listTopics()).not.toContain(paid);
    expect((await readClusterState(admin, [])).topics.get(created)?.partitions).toBe(2);
  });
});
