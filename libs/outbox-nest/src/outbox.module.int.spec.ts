import { Controller, type INestApplication, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type Database, defineMigrations } from '@platform/database';
import {
  consumerDerivedTopics,
  defineCatalog,
  defineTopic,
  ensureConsumerTopics,
  type EventEnvelope,
} from '@platform/kafka';
import { HealthChecks, KafkaEventContext, KafkaModule, KafkaTransport } from '@platform/kafka-nest';
import type { Outbox } from '@platform/outbox';
import {
  createTestDatabase,
  createTopicsAndWait,
  endSession,
  listeningSessions,
  testBrokers,
  testKafka,
  type TestDatabase,
  uniqueName,
  waitFor,
} from '@platform/testing';
import type { Admin } from 'kafkajs';
import { z } from 'zod';
import { Inbox } from './inbox';
import { OutboxModule } from './outbox.module';
import { DATABASE, OUTBOX } from './tokens';

const service = uniqueName('outboxnest').replace(/-/g, '');
const topic = defineTopic({
  name: `${service}.item.created`,
  partitions: 2,
  key: 'item id',
  schema: z.object({ itemId: z.string() }),
});
const catalog = defineCatalog({ service, topics: [topic] });
const consumerTopics = {
  service,
  catalog,
  subscriptions: [{ topic: topic.name }],
  retry: { retryTopicDelaysMs: [] },
};
const ownTables = defineMigrations([
  {
    name: '0001_items',
    sql: 'CREATE TABLE items (id text PRIMARY KEY, seen integer NOT NULL DEFAULT 1)',
  },
]);

/** Applies each item.created once: a second delivery of the same event would bump `seen`. */
@Controller()
class ItemsHandler {
  constructor(private readonly inbox: Inbox) {}

  @EventPattern(topic.name)
  async handle(
    @Payload() event: { itemId: string },
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    await this.inbox.apply(context, async (tx) => {
      await tx.query(
        'INSERT INTO items (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET seen = items.seen + 1',
        [event.itemId],
      );
    });
  }
}

describe('OutboxModule in a Nest app on the real broker and Postgres', () => {
  let database: TestDatabase;
  let admin: Admin;
  let app: INestApplication;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = testKafka(`${service}-admin`).admin();
    await admin.connect();
    await createTopicsAndWait(admin, [{ topic: topic.name, numPartitions: 2 }]);
    await ensureConsumerTopics(admin, consumerTopics);
    @Module({
      imports: [
        KafkaModule.forRoot({
          connection: { service, brokers: testBrokers(), clientId: `${service}.test` },
          catalog,
          consumer: { retry: { retryTopicDelaysMs: [] }, session: { maxWaitTimeMs: 100 } },
        }),
        OutboxModule.forRoot({
          service,
          database: { url: database.url, schema: 'items_service' },
          catalog,
          migrations: [{ namespace: 'items', migrations: ownTables }],
          relay: { pollIntervalMs: 50 },
        }),
      ],
      controllers: [ItemsHandler],
    })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
    app.enableShutdownHooks();
    app.connectMicroservice({ strategy: app.get(KafkaTransport) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
    await app.init();
    db = app.get<Database>(DATABASE);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    const derived = consumerDerivedTopics(consumerTopics).map((t) => t.name);
    await admin?.deleteTopics({ topics: [topic.name, ...derived] }).catch(() => undefined);
    await admin?.disconnect();
    await database?.drop();
  });

  it('migrates the outbox, the inbox and the service tables into the service schema', async () => {
    const { rows } = await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'items_service' AND table_name IN ('outbox', 'inbox', 'items') ORDER BY 1",
    );
    expect(rows.map((row) => row.table_name)).toEqual(['inbox', 'items', 'outbox']);
  });

  it('publishes what a transaction wrote to the outbox, and the handler applies it once through the inbox', async () => {
    const outbox = app.get<Outbox>(OUTBOX);
    await db.transaction((tx) =>
      outbox.add(tx, { topic, aggregateId: 'item-1', payload: { itemId: 'item-1' } }),
    );
    const deadline = Date.now() + 20_000;
    let rows: { seen: number }[] = [];
    while (rows.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = (await db.query<{ seen: number }>("SELECT seen FROM items WHERE id = 'item-1'")).rows;
    }
    expect(rows).toEqual([{ seen: 1 }]);
  });

  /** The envelope of an item event with this id, and the handler's context for one delivery of it. */
  function delivery(
    id: string,
    itemId: string,
    readFrom: { readTopic?: string; partition: number; offset: string; attempt: number },
  ): { envelope: EventEnvelope<{ itemId: string }>; context: KafkaEventContext } {
    const envelope: EventEnvelope<{ itemId: string }> = {
      id,
      type: topic.name,
      source: '/test',
      time: new Date().toISOString(),
      key: itemId,
      correlationId: 'c',
      data: { itemId },
    };
    const context = new KafkaEventContext({
      envelope,
      topic: topic.name,
      ...readFrom,
      heartbeat: async () => undefined,
    });
    return { envelope, context };
  }

  it('skips a redelivered event: same id, no second effect', async () => {
    const { envelope, context } = delivery('00000000-0000-4000-8000-000000000001', 'item-2', {
      partition: 0,
      offset: '0',
      attempt: 1,
    });
    const handler = app.get(ItemsHandler);
    await handler.handle(envelope.data, context);
    await handler.handle(envelope.data, context);
    expect((await db.query("SELECT seen FROM items WHERE id = 'item-2'")).rows).toEqual([
      { seen: 1 },
    ]);
  });

  it('records where a retry was read from: the retry topic, with its partition and offset', async () => {
    const readTopic = `${topic.name}.retry.items.1`;
    const { envelope, context } = delivery('00000000-0000-4000-8000-000000000002', 'item-3', {
      readTopic,
      partition: 4,
      offset: '9',
      attempt: 4,
    });
    await app.get(ItemsHandler).handle(envelope.data, context);
    const { rows } = await db.query(
      'SELECT topic, kafka_partition, kafka_offset FROM inbox WHERE event_id = $1',
      [envelope.id],
    );
    expect(rows).toEqual([{ topic: readTopic, kafka_partition: 4, kafka_offset: '9' }]);
  });

  it('adds the database to /health: up while it answers', async () => {
    const [database] = app.get(HealthChecks).indicators();
    expect(await database()).toEqual({ database: { status: 'up' } });
  });

  it('logs a lost LISTEN connection (the relay polls meanwhile), and listens again', async () => {
    const warnings: string[] = [];
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    try {
      const [pid] = await listeningSessions(database.url);
      await endSession(pid);
      await waitFor('the warning', () => warnings.length > 0, 5_000);
      expect(warnings[0]).toMatch(
        /^Lost the LISTEN connection that wakes the outbox relay \(.+\); it reconnects by itself, and the relay polls for new rows meanwhile$/,
      );
      await waitFor('a new LISTEN session', async () => {
        const pids = await listeningSessions(database.url);
        return pids.length === 1 && pids[0] !== pid;
      });
    } finally {
      warn.mockRestore();
    }
  });
});
