import { Injectable, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Database, openDatabase } from '@platform/database';
import { createOutbox, migrateOutbox } from '@platform/outbox';
import { type CommandHandlerContext, success } from '@platform/saga';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { SagaCommandHandler } from './participant/saga-command-handler.decorator';
import { SagaModule } from './saga.module';
import { deliverCommand, FakeKafkaModule, Gate, stockSagaTopics } from './shutdown.spec-helper';

const { service, commandsTopic, repliesTopic, catalog, reserve } = stockSagaTopics(
  'sns',
  'inventory',
);

/** Holds each command inside its transaction until the test lets it go. */
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

let db: Database;

@Module({
  imports: [
    FakeKafkaModule,
    SagaModule.forRootAsync({
      useFactory: () => ({ service, db, outbox: createOutbox({ catalog }) }),
    }),
  ],
  providers: [SlowInventory],
})
class AppModule {}

function deliver(): Promise<void> {
  return deliverCommand(commandsTopic, repliesTopic);
}

describe('SagaModule on application shutdown (real Postgres)', () => {
  let database: TestDatabase;
  let app: INestApplicationContext;
  let inventory: SlowInventory | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ url: database.url });
    await migrateOutbox(db);
    app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
    inventory = app.get(SlowInventory);
  });

  afterAll(async () => {
    inventory?.gate.release(); // a failed assertion must not leave a transaction open, or closing the database waits on it
    await db?.close();
    await database?.drop();
  });

  it('stops the participant it created: close() waits for the command in flight, and later commands are refused', async () => {
    const handling = deliver();
    await inventory!.gate.entered;

    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false); // the command's transaction is still open: closing the database now would fail it

    inventory!.gate.release();
    await closing;
    await handling;
    const { rows } = await db.query<{ topic: string }>('SELECT topic FROM outbox');
    expect(rows).toEqual([{ topic: repliesTopic }]);

    // A command delivered after shutdown (the database is closed next) is refused, retriable, before any transaction.
    await expect(deliver()).rejects.toMatchObject({ name: 'SagaStoppedError', retriable: true });
  });
});
