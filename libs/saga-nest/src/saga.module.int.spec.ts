import { Injectable, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Database, openDatabase } from '@platform/database';
import { defineCatalog, ensureConsumerTopics, type EventProducer } from '@platform/kafka';
import { EVENT_PRODUCER, KafkaModule, KafkaTransport, ObservabilityModule } from '@platform/kafka-nest';
import { createOutbox, createOutboxRelay, migrateOutbox, type OutboxRelay } from '@platform/outbox';
import {
  type CommandHandlerContext,
  type SagaCommandInput,
  defineCommand,
  failure,
  saga,
  sagaCommandTopic,
  SagaOrchestrator,
  sagaReplyTopic,
  type SagaView,
  success,
} from '@platform/saga';
import { createTestDatabase, createTopicsAndWait, testBrokers, testKafka, type TestDatabase, uniqueName } from '@platform/testing';
import type { Admin } from 'kafkajs';
import { SagaCommandBatchHandler } from './participant/saga-command-batch-handler.decorator';
import { SagaCommandHandler } from './participant/saga-command-handler.decorator';
import { SagaModule } from './saga.module';
import type { SagaProvider } from './saga-provider';

const prefix = uniqueName('sn').replace(/-/g, '');
const service = `${prefix}orders`;
const commandsTopic = `${prefix}inv.stock.commands`;
const repliesTopic = `${prefix}ord.order.replies`;
const catalog = defineCatalog({
  service,
  topics: [sagaCommandTopic({ name: commandsTopic, partitions: 2 }), sagaReplyTopic({ name: repliesTopic, partitions: 2 })],
});
const reserve = defineCommand<{ orderId: string; quantity: number }, { reservationId: string }>({ topic: commandsTopic, type: 'reserve-stock' });
const release = defineCommand<{ orderId: string }>({ topic: commandsTopic, type: 'release-stock' });

interface Order {
  orderId: string;
  quantity: number;
  reservationId?: string;
}

@Injectable()
class OrdersRepository {
  readonly approved = new Set<string>();
}

@Module({ providers: [OrdersRepository], exports: [OrdersRepository] })
class OrdersModule {}

/** A saga definition as a provider: its local step uses an injected service. */
@Injectable()
class PlaceOrderSaga implements SagaProvider<Order> {
  constructor(private readonly orders: OrdersRepository) {}

  readonly definition = saga<Order>({ name: 'place-order', replyTopic: repliesTopic, stepTimeoutMs: 10_000 })
    .step('reserve-stock')
    .invoke((order) => reserve.with({ orderId: order.orderId, quantity: order.quantity }, { key: order.orderId }))
    .onReply((order, reply) => ({ ...order, reservationId: reply.reservationId }))
    .withCompensation((order) => release.with({ orderId: order.orderId }, { key: order.orderId }))
    .step('approve-order')
    .local(({ data }) => {
      if (data.quantity > 5) return failure('too-many');
      this.orders.approved.add(data.orderId);
    })
    .build();
}

/** The participant side in the same app (a real service would be another app). */
@Injectable()
class InventoryHandlers {
  readonly released: string[] = [];

  @SagaCommandHandler(reserve)
  async reserve(payload: { orderId: string }, context: CommandHandlerContext) {
    await context.tx.query('SELECT 1');
    return success({ reservationId: `r-${payload.orderId}` });
  }

  @SagaCommandBatchHandler(release)
  async release(commands: readonly SagaCommandInput<{ orderId: string }>[]) {
    this.released.push(...commands.map((command) => command.payload.orderId));
    return commands.map(() => success());
  }
}

let db: Database;

@Module({
  imports: [
    KafkaModule.forRoot({
      connection: { service, brokers: testBrokers(), clientId: `${service}.test` },
      catalog,
      consumer: { retry: { retryTopicDelaysMs: [] }, commit: { mode: 'interval', intervalMs: 100 }, session: { maxWaitTimeMs: 50 } },
    }),
    ObservabilityModule,
    SagaModule.forRootAsync({
      imports: [OrdersModule],
      sagas: [PlaceOrderSaga],
      queryController: true,
      useFactory: () => ({ service, db, outbox: createOutbox({ catalog }), deadlines: { pollIntervalMs: 100 } }),
    }),
  ],
  providers: [InventoryHandlers],
})
class AppModule {}

describe('SagaModule in a Nest app on the real broker and Postgres', () => {
  let admin: Admin;
  let database: TestDatabase;
  let app: INestApplication;
  let relay: OutboxRelay;
  let url: string;

  beforeAll(async () => {
    admin = testKafka('saga-nest-admin').admin();
    await admin.connect();
    await createTopicsAndWait(admin, [commandsTopic, repliesTopic].map((topic) => ({ topic, numPartitions: 2 })));
    await ensureConsumerTopics(admin, { service, catalog, subscriptions: [{ topic: commandsTopic }, { topic: repliesTopic }], retry: { retryTopicDelaysMs: [] } });
    database = await createTestDatabase();
    db = await openDatabase({ url: database.url });
    await migrateOutbox(db);
    app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
    app.enableShutdownHooks();
    app.connectMicroservice({ strategy: app.get(KafkaTransport) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    relay = createOutboxRelay({ db, producer: app.get<EventProducer>(EVENT_PRODUCER), pollIntervalMs: 50, cleanupIntervalMs: 0 });
    await relay.start();
  }, 60_000);

  afterAll(async () => {
    await relay?.stop();
    await app?.close();
    await db?.close();
    await database?.drop();
    await admin?.disconnect();
  });

  async function finished(id: string): Promise<SagaView> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await fetch(`${url}/sagas/${id}`);
      const saga = (await response.json()) as SagaView;
      if (saga.state === 'completed' || saga.state === 'compensated') return saga;
      if (Date.now() > deadline) throw new Error(`saga ${id} is still ${saga.state} (${saga.failureReason ?? 'no failure'})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('runs sagas given as providers, serves participants and answers the query API', async () => {
    const orchestrator = app.get(SagaOrchestrator);
    const ok = await orchestrator.start(app.get(PlaceOrderSaga).definition, { orderId: 'o-1', quantity: 1 });
    const tooMany = await orchestrator.start(app.get(PlaceOrderSaga).definition, { orderId: 'o-2', quantity: 9 });

    const completed = await finished(ok);
    expect(completed).toMatchObject({ state: 'completed', data: { reservationId: 'r-o-1' } });
    expect(completed.history.map((h: { stepName: string; event: string }) => `${h.stepName} ${h.event}`)).toEqual([
      'reserve-stock command-sent',
      'reserve-stock succeeded',
      'approve-order succeeded',
    ]);
    const compensated = await finished(tooMany);
    expect(compensated).toMatchObject({ state: 'compensated', failureReason: 'approve-order: too-many' });
    expect(app.get(InventoryHandlers).released).toEqual(['o-2']);

    const byState = (await (await fetch(`${url}/sagas?state=compensated`)).json()) as { id: string }[];
    expect(byState.map((s) => s.id)).toEqual([tooMany]);
    expect((await fetch(`${url}/sagas?state=lost`)).status).toBe(400);
    expect((await fetch(`${url}/sagas/nope`)).status).toBe(404);
    expect((await fetch(`${url}/sagas/${ok}/resume`, { method: 'POST' })).status).toBe(404);

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain(`saga_instances{saga_type="place-order",state="completed",service="${service}"} 1`);
    expect(metrics).toContain(`saga_finished_total{saga_type="place-order",state="compensated",service="${service}"} 1`);
  });
});
