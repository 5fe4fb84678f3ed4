import type { Database } from '@platform/database';
import { DATABASE_DRIVERS, openTestDatabase, type OpenTestDatabase } from '@platform/testing';
import { z } from 'zod';
import { defineCommand } from '../definition/command';
import { failure, success } from '../definition/outcome';
import { createOutbox } from '@platform/outbox';
import { catalogOf, contextFor, envelope, prepareOutbox, queued } from '../orchestrator/orchestrator.spec-helper';
import { SagaParticipant } from './saga-participant';

const reserve = defineCommand<{ sku: string; quantity: number }, { reservationId: string }>({
  topic: 'inventory.stock.commands',
  type: 'reserve-stock',
  schema: z.object({ sku: z.string(), quantity: z.number().int().positive() }),
});
const context = contextFor(reserve.topic);
const ids = Array.from({ length: 7 }, (_, i) => `00000000-0000-4000-9000-00000000000${i}`);
const routing = { sagaId: 's-1', sagaType: 'create-order', step: 1, attempt: 1, compensation: false, replyTopic: 'orders.order.replies' };

describe.each(DATABASE_DRIVERS)('SagaParticipant on %s', (driver) => {
  let opened: OpenTestDatabase;
  let db: Database;
  let participant: SagaParticipant;
  let explode = false;

  beforeAll(async () => {
    opened = await openTestDatabase(driver);
    db = opened.db;
    await db.exec('CREATE TABLE stock (sku text PRIMARY KEY, available int NOT NULL); CREATE TABLE reservations (saga_id text PRIMARY KEY, sku text, quantity int)');
    await prepareOutbox(db);
    const outbox = createOutbox({ catalog: catalogOf('inventory', [], ['orders.order.replies']) });
    participant = new SagaParticipant({ service: 'inventory', db, outbox }).handle(reserve, async ({ sku, quantity }, { tx, sagaId }) => {
      await tx.query('INSERT INTO reservations (saga_id, sku, quantity) VALUES ($1, $2, $3)', [sagaId, sku, quantity]);
      if (explode) throw new Error('disk full');
      const { rowCount } = await tx.query('UPDATE stock SET available = available - $2 WHERE sku = $1 AND available >= $2', [sku, quantity]);
      return rowCount === 1 ? success({ reservationId: `r-${sagaId}` }) : failure('out-of-stock', { sku });
    });
  });

  afterAll(() => opened?.drop());

  beforeEach(async () => {
    explode = false;
    await db.exec("DELETE FROM stock; DELETE FROM reservations; DELETE FROM outbox; DELETE FROM inbox; INSERT INTO stock VALUES ('A', 3)");
  });

  const handle = (id: string, data: unknown): Promise<void> => participant.commandHandler()(envelope(data, id), context);
  const reservations = async (): Promise<unknown[]> => (await db.query('SELECT saga_id, quantity FROM reservations')).rows;

  it('replies success in the transaction of its effects, once per command', async () => {
    const command = { ...routing, command: 'reserve-stock', payload: { sku: 'A', quantity: 2 } };
    await handle(ids[1], command);
    await handle(ids[1], command); // redelivered: the inbox drops it
    expect(await reservations()).toEqual([{ saga_id: 's-1', quantity: 2 }]);
    expect(await queued(db)).toEqual([
      {
        topic: 'orders.order.replies',
        key: 's-1',
        correlationId: ids[1],
        causationId: ids[1],
        data: { sagaId: 's-1', sagaType: 'create-order', step: 1, attempt: 1, outcome: 'success', payload: { reservationId: 'r-s-1' } },
      },
    ]);
  });

  it('a failure undoes the handler writes and replies the failure as data', async () => {
    await handle(ids[2], { ...routing, command: 'reserve-stock', payload: { sku: 'A', quantity: 5 } });
    expect(await reservations()).toEqual([]);
    expect((await queued(db)).map((m) => m.data)).toEqual([
      { sagaId: 's-1', sagaType: 'create-order', step: 1, attempt: 1, outcome: 'failure', reason: 'out-of-stock', details: { sku: 'A' } },
    ]);
  });

  it('replies invalid-command and unknown-command instead of leaving the saga waiting', async () => {
    await handle(ids[3], { ...routing, command: 'reserve-stock', payload: { sku: 'A', quantity: -1 } });
    await handle(ids[4], { ...routing, command: 'teleport-stock', payload: {} });
    expect((await queued(db)).map((m) => (m.data as { reason: string }).reason)).toEqual(['invalid-command', 'unknown-command']);
  });

  it('a thrown error rolls everything back (effects, reply, inbox record) so the consumer retries', async () => {
    explode = true;
    await expect(handle(ids[5], { ...routing, command: 'reserve-stock', payload: { sku: 'A', quantity: 1 } })).rejects.toThrow('disk full');
    explode = false;
    await handle(ids[5], { ...routing, command: 'reserve-stock', payload: { sku: 'A', quantity: 1 } });
    expect(await reservations()).toEqual([{ saga_id: 's-1', quantity: 1 }]);
    expect(await queued(db)).toHaveLength(1);
  });

  it('handles a consumer batch in one call, each command once; a failure among it undoes only its own writes', async () => {
    const command = (sagaId: string, quantity: number) => ({ ...routing, sagaId, command: 'reserve-stock', payload: { sku: 'A', quantity } });
    // s-3's command twice (a republished outbox row): handled once.
    const batch = [envelope(command('s-1', 1), ids[1]), envelope(command('s-2', 5), ids[2]), envelope(command('s-3', 2), ids[3]), envelope(command('s-3', 2), ids[3])];
    await participant.commandBatchHandler()(batch.map((event) => ({ event, context })));
    expect(await reservations()).toEqual([
      { saga_id: 's-1', quantity: 1 },
      { saga_id: 's-3', quantity: 2 },
    ]);
    expect((await queued(db)).map((m) => [m.key, (m.data as { outcome: string }).outcome])).toEqual([
      ['s-1', 'success'],
      ['s-2', 'failure'],
      ['s-3', 'success'],
    ]);
  });

  it('records a command read from a retry topic in the inbox under that topic, with its partition and offset, and replies its failure too', async () => {
    const retried = { ...context, topic: 'inventory.stock.commands.retry.inventory.1', partition: 2, offset: '7', attempt: 2 };
    await participant.commandHandler()(envelope({ ...routing, command: 'reserve-stock', payload: { sku: 'A', quantity: 1 } }, ids[1]), retried);
    await participant.commandHandler()(envelope({ ...routing, sagaId: 's-2', command: 'reserve-stock', payload: { sku: 'A', quantity: 9 } }, ids[2]), retried);
    const { rows } = await db.query('SELECT topic, kafka_partition, kafka_offset FROM inbox ORDER BY event_id');
    expect(rows).toEqual([
      { topic: 'inventory.stock.commands.retry.inventory.1', kafka_partition: 2, kafka_offset: '7' },
      { topic: 'inventory.stock.commands.retry.inventory.1', kafka_partition: 2, kafka_offset: '7' },
    ]);
    expect((await queued(db)).map((m) => (m.data as { outcome: string }).outcome)).toEqual(['success', 'failure']);
  });

  it('dead-letters a message that is not a saga command (no one to reply to)', async () => {
    await expect(handle(ids[6], { hello: 'world' })).rejects.toMatchObject({ name: 'NonRetriableError' });
  });

  it('stop() waits for the commands in flight, so the database can be closed next, and refuses later ones', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const stopping = new SagaParticipant({ service: 'inventory', db, outbox: createOutbox({ catalog: catalogOf('inventory', [], ['orders.order.replies']) }) }).handle(
      reserve,
      async ({ sku, quantity }, { tx, sagaId }) => {
        await tx.query('INSERT INTO reservations (saga_id, sku, quantity) VALUES ($1, $2, $3)', [sagaId, sku, quantity]);
        await gate; // its transaction stays open
        return success({ reservationId: `r-${sagaId}` });
      },
    );
    const command = (id: string, sagaId: string) => envelope({ ...routing, sagaId, command: 'reserve-stock', payload: { sku: 'A', quantity: 1 } }, id);
    const handling = stopping.commandHandler()(command(ids[1], 's-1'), context);
    const alongside = stopping.commandBatchHandler()([{ event: command(ids[2], 's-2'), context }]);
    await new Promise((resolve) => setTimeout(resolve, 50));

    let stopped = false;
    const stop = stopping.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stop;
    await Promise.all([handling, alongside]);
    expect(await reservations()).toEqual([
      { saga_id: 's-1', quantity: 1 },
      { saga_id: 's-2', quantity: 1 },
    ]);
    await expect(stopping.commandHandler()(command(ids[3], 's-3'), context)).rejects.toMatchObject({ name: 'SagaStoppedError', retriable: true });
  });
});
