import { Controller, Injectable, type INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Database, openDatabase } from '@platform/database';
import { createOutbox, migrateOutbox } from '@platform/outbox';
import { type CommandHandlerContext, saga, SagaOrchestrator, success } from '@platform/saga';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { SagaCommandHandler } from './participant/saga-command-handler.decorator';
import { SagaModule } from './saga.module';
import { deliverCommand, FakeKafkaModule, Gate, stockSagaTopics } from './shutdown.spec-helper';

const { service, commandsTopic, repliesTopic, catalog, reserve } = stockSagaTopics('snh', 'orders');
const placeOrder = saga<{ sku: string }>({ name: 'place-order', replyTopic: repliesTopic })
  .step('reserve-stock')
  .invoke((order) => reserve.with({ sku: order.sku }, { key: order.sku }))
  .build();

/** Holds a command inside its transaction, so shutdown waits in beforeApplicationShutdown. */
@Injectable()
class SlowInventory {
  readonly gate = new Gate();

  @SagaCommandHandler(reserve)
  async reserve(payload: { sku: string }, context: CommandHandlerContext) {
    await context.tx.query('SELECT 1');
    await this.gate.pass();
    return success({ reservationId: `r-${payload.sku}` });
  }
}

@Controller('orders')
class OrdersController {
  constructor(private readonly sagas: SagaOrchestrator) {}

  @Post()
  async place(): Promise<{ sagaId: string }> {
    return { sagaId: await this.sagas.start(placeOrder, { sku: 'A' }) };
  }
}

let db: Database;

/** Resolves once the orchestrator's stop() was called: from then on it refuses new sagas. */
function stopCalled(orchestrator: SagaOrchestrator): Promise<void> {
  return new Promise((resolve) => {
    const stop = orchestrator.stop.bind(orchestrator);
    jest.spyOn(orchestrator, 'stop').mockImplementation((options) => {
      const stopping = stop(options);
      resolve();
      return stopping;
    });
  });
}

@Module({
  imports: [
    FakeKafkaModule,
    SagaModule.forRootAsync({
      useFactory: () => ({ service, db, outbox: createOutbox({ catalog }) }),
      sagas: [placeOrder],
    }),
  ],
  controllers: [OrdersController],
  providers: [SlowInventory],
})
class AppModule {}

describe('SagaModule: an HTTP request that starts a saga while the service shuts down (real Postgres)', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let inventory: SlowInventory | undefined;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ url: database.url });
    await migrateOutbox(db);
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    inventory = app.get(SlowInventory);
  });

  afterAll(async () => {
    inventory?.gate.release(); // a failed assertion must not leave a transaction open, or closing the database waits on it
    await app?.close();
    await db?.close();
    await database?.drop();
  });

  it('starts sagas while running', async () => {
    const response = await fetch(`${url}/orders`, { method: 'POST' });
    expect(response.status).toBe(201);
  });

  it('is answered 503 with Retry-After once the sagas stopped, while Nest still serves HTTP', async () => {
    // A command in flight holds SagaModule's beforeApplicationShutdown, and with it the HTTP server.
    const handling = deliverCommand(commandsTopic, repliesTopic);
    await inventory!.gate.entered;
    const sagasStopped = stopCalled(app.get(SagaOrchestrator));
    const closing = app.close();
    try {
      await sagasStopped;
      const response = await fetch(`${url}/orders`, { method: 'POST' });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.headers.get('connection')).toBe('close');
      expect(await response.json()).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The service is shutting down; retry the request',
      });
    } finally {
      inventory!.gate.release();
      await handling;
      await closing;
    }
  });
});
