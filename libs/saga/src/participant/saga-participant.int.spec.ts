import type { Database } from '@platform/database';
import { DATABASE_DRIVERS, openTestDatabase, type OpenTestDatabase } from '@platform/testing';
import { z } from 'zod';
import { defineCommand } from '../definition/command';
import { failure, success } from '../definition/outcome';
import { envelope, noContext, tableMessaging } from '../orchestrator/orchestrator.spec-helper';
import { SagaParticipant } from './saga-participant';

const reserve = defineCommand<{ sku: string; quantity: number }, { reservationId: string }>({
  topic: 'inventory.stock.commands',
  type: 'reserve-stock',
  schema: z.object({ sku: z.string(), quantity: z.number().int().positive() }),
});
const context = { ...noContext, topic: reserve.topic, sourceTopic: reserve.topic };
const routing = { sagaId: 's-1', sagaType: 'create-order', step: 1, attempt: 1, compensation: false, replyTopic: 'orders.order.replies' };

describe.each(DATABASE_DRIVERS)('SagaParticipant on %s', (driver) => {
  let opened: OpenTestDatabase;
  let db: Database;
  let messaging: Awaited<ReturnType<typeof tableMessaging>>;
  let participant: SagaParticipant;
  let explode = false;

  beforeAll(async () => {
    opened = await openTestDatabase(driver);
    db = opened.db;
    await db.exec('CREATE TABLE stock (sku text PRIMARY KEY, available int NOT NULL); CREATE TABLE reservations (saga_id text PRIMARY KEY, sku text, quantity int)');
    messaging = await tableMessaging(db);
    participant = new SagaParticipant({ service: 'inventory', messaging }).handle(reserve, async ({ sku, quantity }, { tx, sagaId }) => {
      await tx.query('INSERT INTO reservations (saga_id, sku, quantity) VALUES ($1, $2, $3)', [sagaId, sku, quantity]);
      if (explode) throw new Error('disk full');
      const { rowCount } = await tx.query('UPDATE stock SET available = available - $2 WHERE sku = $1 AND available >= $2', [sku, quantity]);
      return rowCount === 1 ? success({ reservationId: `r-${sagaId}` }) : failure('out-of-stock', { sku });
    });
  });

  afterAll(() => opened?.drop());

  beforeEach(async () => {
    explode = false;
    await db.exec("DELETE FROM stock; DELETE FROM reservations; DELETE FROM test_outbox; DELETE FROM test_inbox; INSERT INTO stock VALUES ('A', 3)");
  });

  const handle = (id: string, data: unknown): Promise<void> => participant.commandHandler()(envelope(id, data), context);
  const reservations = async (): Promise<unknown[]> => (await db.query('SELECT saga_id, quantity FROM reservations')).rows;

  it('replies success in the transaction of its effects, once per command', async () => {
    const command = { ...routing, command: 'reserve-stock', payload: { sku: 'A', quantity: 2 } };
    await handle('c-1', command);
    await handle('c-1', command); // redelivered: the inbox drops it
    expect(await reservations()).toEqual([{ saga_id: 's-1', quantity: 2 }]);
    expect(await messaging.sent()).toEqual([
      {
        topic: 'orders.order.replies',
        key: 's-1',
        type: 'reserve-stock.reply',
        correlationId: 'c-1',
        causationId: 'c-1',
        data: { sagaId: 's-1', sagaType: 'create-order', step: 1, attempt: 1, outcome: 'success', payload: { reservationId: 'r-s-1' } },
      },
    ]);
  });

  it('a failure undoes the handler writes and replies the failure as data', async () => {
    await handle('c-2', { ...routing, command: 'reserve-stock', payload: { sku: 'A', quantity: 5 } });
    expect(await reservations()).toEqual([]);
    expect((await messaging.sent()).map((m) => m.data)).toEqual([
      { sagaId: 's-1', sagaType: 'create-order', step: 1, attempt: 1, outcome: 'failure', reason: 'out-of-stock', details: { sku: 'A' } },
    ]);
  });

  it('replies invalid-command and unknown-command instead of leaving the saga waiting', async () => {
    await handle('c-3', { ...routing, command: 'reserve-stock', payload: { sku: 'A', quantity: -1 } });
    await handle('c-4', { ...routing, command: 'teleport-stock', payload: {} });
    expect((await messaging.sent()).map((m) => (m.data as { reason: string }).reason)).toEqual(['invalid-command', 'unknown-command']);
  });

  it('a thrown error rolls everything back (effects, reply, inbox record) so the consumer retries', async () => {
    explode = true;
    await expect(handle('c-5', { ...routing, command: 'reserve-stock', payload: { sku: 'A', quantity: 1 } })).rejects.toThrow('disk full');
    explode = false;
    await handle('c-5', { ...routing, command: 'reserve-stock', payload: { sku: 'A', quantity: 1 } });
    expect(await reservations()).toEqual([{ saga_id: 's-1', quantity: 1 }]);
    expect(await messaging.sent()).toHaveLength(1);
  });

  it('dead-letters a message that is not a saga command (no one to reply to)', async () => {
    await expect(handle('c-6', { hello: 'world' })).rejects.toMatchObject({ name: 'NonRetriableError' });
  });
});
