import { openTestDatabase, type OpenTestDatabase } from '@platform/testing';
import { createOutbox } from '@platform/outbox';
import { Client } from 'pg';
import { defineCommand } from '../definition/command';
import { saga } from '../definition/saga-builder';
import { migrateSagaTables } from '../store/saga-store';
import { catalogOf, prepareOutbox } from './orchestrator.spec-helper';
import { SagaOrchestrator } from './saga-orchestrator';

// Postgres only: the lock must be held by another connection, which PGlite (one connection) has not.
describe('a local step that meets lock_timeout on real Postgres', () => {
  let opened: OpenTestDatabase;
  let holder: Client;

  beforeAll(async () => {
    opened = await openTestDatabase('postgres');
    await migrateSagaTables(opened.db);
    await prepareOutbox(opened.db);
    await opened.db.exec(
      "CREATE TABLE stock (sku text PRIMARY KEY, reserved int NOT NULL); INSERT INTO stock VALUES ('A', 0)",
    );
    holder = new Client({ connectionString: (opened.location as { url: string }).url });
    await holder.connect();
  });

  afterAll(async () => {
    await holder?.end();
    await opened?.drop();
  });

  it('fails the transaction, to be retried, not the saga; the retry after the lock is gone starts it', async () => {
    const call = defineCommand<{ sku: string }>({
      topic: 'things.thing.commands',
      type: 'do-thing',
    });
    const reserving = saga<{ sku: string }>({
      name: 'reserving',
      replyTopic: 'things.thing.replies',
    })
      .step('reserve')
      .local(async ({ tx, data }) => {
        await tx.query("SET LOCAL lock_timeout = '100ms'");
        await tx.query('UPDATE stock SET reserved = reserved + 1 WHERE sku = $1', [data.sku]);
      })
      .withCompensation(() => undefined)
      .step('call')
      .invoke((data) => call.with({ sku: data.sku }))
      .build();
    const orchestrator = new SagaOrchestrator({
      db: opened.db,
      outbox: createOutbox({ catalog: catalogOf('orders', ['things.thing.commands'], []) }),
      service: 'orders',
      sagas: [reserving],
    });

    await holder.query('BEGIN');
    await holder.query("SELECT * FROM stock WHERE sku = 'A' FOR UPDATE");
    await expect(orchestrator.start(reserving, { sku: 'A' }, { id: 'r-1' })).rejects.toMatchObject({
      code: '55P03',
    });
    expect(await orchestrator.find('r-1')).toBeUndefined();
    await holder.query('ROLLBACK');

    await orchestrator.start(reserving, { sku: 'A' }, { id: 'r-1' });
    expect(await orchestrator.find('r-1')).toMatchObject({ state: 'running', currentStep: 1 });
    expect((await opened.db.query('SELECT reserved FROM stock')).rows).toEqual([{ reserved: 1 }]);
    await orchestrator.stop();
  });
});
