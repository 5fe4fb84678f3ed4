import { defineCatalog, defineTopic } from '@platform/kafka';
import { testKafka, uniqueName } from '@platform/testing';
import { type Admin, ConfigResourceTypes } from 'kafkajs';
import { z } from 'zod';
import { readClusterState } from './cluster-state';
import { runTopicsCommand } from './topics-command';

// A unique domain per run keeps this suite's topics away from every other suite's.
const domain = uniqueName('tu').replace(/[^a-z0-9]/g, '');
const created = `${domain}.order.created`;

const catalog = (retentionMs: number) =>
  defineCatalog({
    service: 'orders',
    topics: [
      defineTopic({
        name: created,
        partitions: 1,
        key: 'order id',
        schema: z.unknown(),
        retentionMs,
      }),
    ],
  });

describe('topics apply on a topic with a config the catalog does not manage', () => {
  let admin: Admin;

  beforeAll(async () => {
    admin = testKafka('topics-unmanaged-test').admin();
    await admin.connect();
    await runTopicsCommand({ admin, catalogs: [catalog(604_800_000)], apply: true });
    // An operator's own setting, next to the ones the catalog manages.
    const { topics } = await readClusterState(admin, []);
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: created,
          configEntries: Object.entries({
            ...topics.get(created)?.overrides,
            'segment.ms': '3600000',
          }).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [created] });
    await admin.disconnect();
  });

  it('plans the reset of that config, which apply then does', async () => {
    const lines: string[] = [];
    await runTopicsCommand({
      admin,
      catalogs: [catalog(86_400_000)],
      apply: false,
      log: (line) => lines.push(line),
    });
    expect(lines.join('\n')).toContain(
      `~ alter    ${created}: retention.ms 604800000 → 86400000, segment.ms 3600000 → (default: not in the catalog, AlterConfigs resets it)`,
    );
    await runTopicsCommand({ admin, catalogs: [catalog(86_400_000)], apply: true });
    const { topics } = await readClusterState(admin, []);
    expect(topics.get(created)?.overrides).not.toHaveProperty('segment.ms');
    expect(topics.get(created)?.overrides).toMatchObject({ 'retention.ms': '86400000' });
  });
});
