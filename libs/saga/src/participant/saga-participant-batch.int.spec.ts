import type { Database } from '@platform/database';
import type { EventEnvelope } from '@platform/kafka';
import { createOutbox } from '@platform/outbox';
import { DATABASE_DRIVERS, openTestDatabase, type OpenTestDatabase } from '@platform/testing';
import { z } from 'zod';
import { defineCommand } from '../definition/command';
import { failure, success } from '../definition/outcome';
import { catalogOf, contextFor, envelope, prepareOutbox, queued } from '../orchestrator/orchestrator.spec-helper';
import type { SagaCommandInput } from './command-handler';
import { SagaParticipant } from './saga-participant';

const reserve = defineCommand<{ sku: string; quantity: number }, { reservationId: string }>({
  topic: 'inventory.stock.commands',
  type: 'reserve-stock',
  schema: z.object({ sku: z.string(), quantity: z.number().int().positive() }),
});
const release = defineCommand<{ sku: string }>({ topic: 'inventory.stock.commands', type: 'release-stock' });
const context = contextFor(reserve.topic);
const routing = { sagaType: 'create-order', step: 1, attempt: 1, compensation: false, replyTopic: 'orders.order.replies' };
const id = (n: number): string => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const reserveOf = (sagaId: string, quantity: number, n: number, key = sagaId): EventEnvelope =>
  ({ ...envelope({ ...routing, sagaId, command: 'reserve-stock', payload: { sku: 'A', quantity } }, id(n)), key });
const releaseOf = (sagaId: string, n: number): EventEnvelope =>
  ({ ...envelope({ ...routing, sagaId, step: 2, command: 'release-stock', compensation: true, payload: { sku: 'A' } }, id(n)), key: sagaId });

describe.each(DATABASE_DRIVERS)('SagaParticipant.handleBatch on %s', (driver) => {
  let opened: OpenTestDatabase;
  let db: Database;
  let participant: SagaParticipant;
  let calls: string[][];
  let explodeOn: string | undefined;

  beforeAll(async () => {
    opened = await openTestDatabase(driver);
    db = opened.db;
    await db.exec('CREATE TABLE reservations (saga_id text PRIMARY KEY, quantity int NOT NULL)');
    await prepareOutbox(db);
    const outbox = createOutbox({ catalog: catalogOf('inventory', [], ['orders.order.replies']) });
    participant = new SagaParticipant({ service: 'inventory', db, outbox })
      // Set-based, as a batch handler should be: one INSERT for every command it accepts, none for those it refuses.
      .handleBatch(reserve, async (commands: readonly SagaCommandInput<{ sku: string; quantity: number }>[], { tx }) => {
        calls.push(commands.map((c) => `reserve:${c.sagaId}`));
        const accepted = commands.filter((c) => c.payload.quantity <= 3);
        await tx.query('INSERT INTO reservations (saga_id, quantity) SELECT * FROM unnest($1::text[], $2::int[])', [accepted.map((c) => c.sagaId), accepted.map((c) => c.payload.quantity)]);
        if (commands.some((c) => c.sagaId === explodeOn)) throw new Error('disk full');
        return commands.map((c) => (c.payload.quantity <= 3 ? success({ reservationId: `r-${c.sagaId}` }) : failure('out-of-stock', { sku: c.payload.sku })));
      })
      .handleBatch(release, async (commands, { tx }) => {
        calls.push(commands.map((c) => `release:${c.sagaId}`));
        await tx.query('DELETE FROM reservations WHERE saga_id = ANY($1::text[])', [commands.map((c) => c.sagaId)]);
        return commands.map(() => success());
      });
  });

  afterAll(() => opened?.drop());

  beforeEach(async () => {
    calls = [];
    explodeOn = undefined;
    await db.exec('DELETE FROM reservations; DELETE FROM outbox; DELETE FROM inbox');
  });

  const handleBatch = (events: EventEnvelope[]): Promise<void> => participant.commandBatchHandler()(events.map((event) => ({ event, context })));
  const reservations = async (): Promise<unknown[]> => (await db.query('SELECT saga_id, quantity FROM reservations ORDER BY saga_id')).rows;
  const replies = async (): Promise<unknown[]> =>
    (await queued(db)).map((m) => [m.key, (m.data as { outcome: string; reason?: string }).reason ?? (m.data as { outcome: string }).outcome]);

  it('calls the batch handler once for the commands of its type; a duplicate in the batch is handled once', async () => {
    // s-2's command twice (a republished outbox row): claimed once, so handled and replied once.
    await handleBatch([reserveOf('s-1', 1, 1), reserveOf('s-2', 2, 2), reserveOf('s-2', 2, 2), reserveOf('s-3', 3, 3)]);
    expect(calls).toEqual([['reserve:s-1', 'reserve:s-2', 'reserve:s-3']]);
    expect(await reservations()).toEqual([
      { saga_id: 's-1', quantity: 1 },
      { saga_id: 's-2', quantity: 2 },
      { saga_id: 's-3', quantity: 3 },
    ]);
    expect(await replies()).toEqual([
      ['s-1', 'success'],
      ['s-2', 'success'],
      ['s-3', 'success'],
    ]);
  });

  it('skips commands the inbox has seen, in a later batch too', async () => {
    await handleBatch([reserveOf('s-1', 1, 1)]);
    await handleBatch([reserveOf('s-1', 1, 1), reserveOf('s-2', 1, 2)]);
    expect(calls).toEqual([['reserve:s-1'], ['reserve:s-2']]);
    expect(await replies()).toEqual([
      ['s-1', 'success'],
      ['s-2', 'success'],
    ]);
  });

  it('replies a failure outcome in the middle of a batch in the same transaction as the others', async () => {
    await handleBatch([reserveOf('s-1', 1, 1), reserveOf('s-2', 5, 2), reserveOf('s-3', 2, 3)]);
    expect(calls).toEqual([['reserve:s-1', 'reserve:s-2', 'reserve:s-3']]);
    expect(await reservations()).toEqual([
      { saga_id: 's-1', quantity: 1 },
      { saga_id: 's-3', quantity: 2 },
    ]);
    expect(await replies()).toEqual([
      ['s-1', 'success'],
      ['s-2', 'out-of-stock'],
      ['s-3', 'success'],
    ]);
  });

  it('a handler that throws in the middle of a batch rolls the whole batch back; the commands are then handled one by one', async () => {
    explodeOn = 's-2';
    const batch = [reserveOf('s-1', 1, 1), reserveOf('s-2', 1, 2), reserveOf('s-3', 1, 3)];
    await expect(handleBatch(batch)).rejects.toThrow('disk full');
    expect(await reservations()).toEqual([]);
    expect(await queued(db)).toEqual([]);
    // What the consumer does next: each message alone; only s-2's fails.
    const one = participant.commandHandler();
    await one(batch[0], context);
    await expect(one(batch[1], context)).rejects.toThrow('disk full');
    await one(batch[2], context);
    explodeOn = undefined;
    await one(batch[1], context);
    expect(await reservations()).toEqual([
      { saga_id: 's-1', quantity: 1 },
      { saga_id: 's-2', quantity: 1 },
      { saga_id: 's-3', quantity: 1 },
    ]);
    expect(await replies()).toEqual([
      ['s-1', 'success'],
      ['s-3', 'success'],
      ['s-2', 'success'],
    ]);
  });

  it("hands a saga's (or a key's) later commands over in a later call, in order", async () => {
    // s-1 reserves then releases; s-2 and s-3 share a key, so s-3 waits for s-2.
    await handleBatch([reserveOf('s-1', 1, 1), reserveOf('s-2', 1, 2, 'k'), releaseOf('s-1', 3), reserveOf('s-3', 1, 4, 'k'), reserveOf('s-4', 1, 5)]);
    expect(calls).toEqual([['reserve:s-1', 'reserve:s-2', 'reserve:s-4'], ['release:s-1'], ['reserve:s-3']]);
    expect(await reservations()).toEqual([
      { saga_id: 's-2', quantity: 1 },
      { saga_id: 's-3', quantity: 1 },
      { saga_id: 's-4', quantity: 1 },
    ]);
    // Replies in delivery order.
    expect((await queued(db)).map((m) => m.key)).toEqual(['s-1', 's-2', 's-1', 's-3', 's-4']);
  });

  it('replies invalid-command without calling the handler for it', async () => {
    const invalid = { ...envelope({ ...routing, sagaId: 's-9', command: 'reserve-stock', payload: { sku: 'A', quantity: -1 } }, id(9)), key: 's-9' };
    await handleBatch([reserveOf('s-1', 1, 1), invalid]);
    expect(calls).toEqual([['reserve:s-1']]);
    expect(await replies()).toEqual([
      ['s-1', 'success'],
      ['s-9', 'invalid-command'],
    ]);
  });

  it('dead-letters a batch handler that does not resolve with one outcome per command', async () => {
    const broken = new SagaParticipant({ service: 'inventory', db, outbox: createOutbox({ catalog: catalogOf('inventory', [], ['orders.order.replies']) }) }).handleBatch(
      reserve,
      async () => [],
    );
    await expect(broken.commandHandler()(reserveOf('s-1', 1, 1), context)).rejects.toMatchObject({ name: 'NonRetriableError' });
    expect(await queued(db)).toEqual([]);
  });

  it('refuses a second handler for the same command, batch or not', () => {
    expect(() => participant.handle(reserve, async () => success({ reservationId: 'x' }))).toThrow('already has a handler');
  });
});
