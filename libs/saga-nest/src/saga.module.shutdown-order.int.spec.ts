import {
  Global,
  Inject,
  Injectable,
  type INestApplicationContext,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Database, openDatabase } from '@platform/database';
import { createOutbox, migrateOutbox } from '@platform/outbox';
import { type CommandHandlerContext, failure } from '@platform/saga';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { SagaCommandHandler } from './participant/saga-command-handler.decorator';
import { SagaModule } from './saga.module';
import { deliverCommand, FakeKafkaModule, Gate, stockSagaTopics } from './shutdown.spec-helper';

const { service, commandsTopic, repliesTopic, catalog, reserve } = stockSagaTopics(
  'sno',
  'inventory',
);

/**
 * Replies failure, held inside its transaction until the test lets it go. A failure rolls that
 * transaction back and is replied from a second one: a write that begins after shutdown started,
 * which a database closed meanwhile refuses (the first transaction, already running, it waits for).
 */
@Injectable()
class OutOfStockInventory {
  readonly gate = new Gate();

  @SagaCommandHandler(reserve)
  async reserve(_payload: { sku: string }, context: CommandHandlerContext) {
    await context.tx.query('SELECT 1');
    await this.gate.pass();
    return failure('out of stock');
  }
}

const APP_DATABASE = Symbol('APP_DATABASE');
let databaseUrl: string;

/**
 * Stands in for OutboxModule (saga-nest does not depend on outbox-nest): a global module that
 * opens the service's database and closes it in onApplicationShutdown, as OutboxModule does.
 */
@Global()
@Module({
  providers: [
    {
      provide: APP_DATABASE,
      useFactory: async () => {
        const db = await openDatabase({ url: databaseUrl });
        await migrateOutbox(db);
        return db;
      },
    },
  ],
  exports: [APP_DATABASE],
})
class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(APP_DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/**
 * SagaModule imported BEFORE the module that closes the database: Nest runs a hook over global
 * modules in reverse registration order, so that module's onApplicationShutdown runs first.
 */
@Module({
  imports: [
    FakeKafkaModule,
    SagaModule.forRootAsync({
      inject: [APP_DATABASE],
      useFactory: (db: Database) => ({ service, db, outbox: createOutbox({ catalog }) }),
    }),
    DatabaseModule,
  ],
  providers: [OutOfStockInventory],
})
class AppModule {}

function deliver(): Promise<void> {
  return deliverCommand(commandsTopic, repliesTopic);
}

describe('SagaModule imported before the module that closes the database (real Postgres)', () => {
  let database: TestDatabase;
  let check: Database;
  let app: INestApplicationContext;
  let inventory: OutOfStockInventory | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    databaseUrl = database.url;
    check = await openDatabase({ url: database.url });
    app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
    inventory = app.get(OutOfStockInventory);
  });

  afterAll(async () => {
    inventory?.gate.release(); // a failed assertion must not leave a transaction open, or closing the database waits on it
    await check?.close();
    await database?.drop();
  });

  it('stops the participant before the database closes: the command in flight replies its failure', async () => {
    const handling = deliver();
    await inventory!.gate.entered;

    const closing = app.close();
    // Long enough for every module's shutdown hook that does not wait for the command to have run.
    await new Promise((resolve) => setTimeout(resolve, 200));
    inventory!.gate.release();

    await expect(handling).resolves.toBeUndefined();
    await closing;
    const { rows } = await check.query<{
      topic: string;
      payload: { outcome: string; reason: string };
    }>('SELECT topic, payload FROM outbox');
    expect(rows).toEqual([
      {
        topic: repliesTopic,
        payload: expect.objectContaining({ outcome: 'failure', reason: 'out of stock' }),
      },
    ]);
  });
});
