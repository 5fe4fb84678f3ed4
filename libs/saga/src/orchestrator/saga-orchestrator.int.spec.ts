import type { Database } from '@platform/database';
import { DATABASE_DRIVERS, openTestDatabase, type OpenTestDatabase, waitFor } from '@platform/testing';
import { defineCommand } from '../definition/command';
import { failure, success, type SagaOutcome } from '../definition/outcome';
import { saga } from '../definition/saga-builder';
import { createOrderSaga } from '../fixtures/create-order-saga';
import type { SagaReplyMessage } from '../messages/saga-messages';
import { migrateSagaTables } from '../store/saga-store';
import { createOutbox, type Outbox } from '@platform/outbox';
import { catalogOf, contextFor, envelope, prepareOutbox, queued } from './orchestrator.spec-helper';
import type { SagaEvent } from './saga-events';
import { SagaOrchestrator } from './saga-orchestrator';
import { UnknownSagaTypeError } from './unknown-saga-type-error';

const order = { orderId: 'o-1', sku: 'A', quantity: 1, amount: 10 };

describe.each(DATABASE_DRIVERS)('SagaOrchestrator on %s (no broker: commands are read back from the outbox table)', (driver) => {
  let opened: OpenTestDatabase;
  let db: Database;
  let outbox: Outbox;
  const noContext = contextFor('orders.order.replies');
  let now: Date;
  let events: SagaEvent[];
  const definition = createOrderSaga({ stepTimeoutMs: 1_000, compensation: { maxAttempts: 2, timeoutMs: 500, backoff: { baseMs: 100, maxMs: 100 } } });
  const writes = defineCommand<{ n: number }>({ topic: 'things.thing.commands', type: 'do-thing' });
  const writing = saga<{ n: number }>({ name: 'writing', replyTopic: 'things.thing.replies' })
    .step('write')
    .local(async ({ tx, sagaId, data }) => {
      await tx.query('INSERT INTO things (saga_id, n) VALUES ($1, $2)', [sagaId, data.n]);
      if (data.n < 0) return failure('negative');
    })
    .step('call')
    .invoke((data) => writes.with({ n: data.n }))
    .build();
  let orchestrator: SagaOrchestrator;

  beforeAll(async () => {
    opened = await openTestDatabase(driver);
    db = opened.db;
    await migrateSagaTables(db);
    await migrateSagaTables(db); // a second process starting: nothing to do
    await db.exec('CREATE TABLE things (saga_id text, n int)');
    await prepareOutbox(db);
    outbox = createOutbox({
      catalog: catalogOf('orders', ['inventory.stock.commands', 'payments.payment.commands', 'shipping.shipment.commands', 'things.thing.commands'], []),
    });
  });

  afterAll(() => opened?.drop());

  beforeEach(async () => {
    await db.exec('DELETE FROM saga_instances; DELETE FROM outbox; DELETE FROM inbox; DELETE FROM things');
    now = new Date('2026-03-01T10:00:00.000Z');
    events = [];
    orchestrator = new SagaOrchestrator({
      db,
      outbox,
      service: 'orders',
      sagas: [definition, writing],
      clock: () => now,
      random: () => 0.999,
      onEvent: (event) => events.push(event),
    });
  });

  async function reply(sagaId: string, outcome: SagaOutcome, routing: Partial<SagaReplyMessage> = {}): Promise<void> {
    const saga = await orchestrator.find(sagaId);
    const data = { sagaId, sagaType: saga!.type, step: saga!.currentStep, attempt: saga!.attempt, ...outcome, ...routing };
    await orchestrator.replyHandler()(envelope(data), noContext);
  }

  const commandTypes = async (): Promise<string[]> => (await queued(db)).map((m) => m.data.command as string);

  it('saves a started saga with its first command in one transaction', async () => {
    const id = await orchestrator.start(definition, order);
    const saga = await orchestrator.find(id);
    expect(saga).toMatchObject({ state: 'running', currentStep: 1, attempt: 1, version: 2, waitingFor: 'reply', data: { status: 'pending' } });
    expect(saga!.deadline).toEqual(new Date('2026-03-01T10:00:01.000Z'));
    expect(saga!.history.map((h) => `${h.stepName} ${h.event}`)).toEqual(['create-order succeeded', 'reserve-stock command-sent']);
    expect(await queued(db)).toEqual([
      {
        topic: 'inventory.stock.commands',
        key: 'o-1',
        correlationId: id,
        causationId: undefined,
        data: { sagaId: id, sagaType: 'create-order', step: 1, attempt: 1, command: 'reserve-stock', compensation: false, replyTopic: 'orders.order.replies', payload: { orderId: 'o-1', sku: 'A', quantity: 1 } },
      },
    ]);
    expect(events).toEqual([{ type: 'started', sagaType: 'create-order', sagaId: id }]);
  });

  it('starts in the caller transaction: a rollback leaves no saga and no command', async () => {
    await expect(
      db.transaction(async (tx) => {
        await orchestrator.start(definition, order, { tx, id: 'in-tx' });
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('the caller changed its mind');
    expect(await orchestrator.find('in-tx')).toBeUndefined();
    expect(await queued(db)).toEqual([]);
  });

  it('a start that fails in the caller transaction leaves nothing of the saga there, for a caller that goes on and commits', async () => {
    // Its command goes to a topic the outbox catalog lacks: refused after the saga row was written.
    const unlisted = defineCommand<{ n: number }>({ topic: 'broken.thing.commands', type: 'do-thing' });
    const broken = saga<{ n: number }>({ name: 'broken', replyTopic: 'things.thing.replies' })
      .step('call')
      .invoke((data) => unlisted.with({ n: data.n }))
      .build();
    const brokenOnly = new SagaOrchestrator({ db, outbox, service: 'orders', sagas: [broken], clock: () => now });
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO things (saga_id, n) VALUES ('caller', 1)");
      await expect(brokenOnly.start(broken, { n: 1 }, { tx, id: 'chosen' })).rejects.toThrow(/broken\.thing\.commands/);
      await expect(brokenOnly.start(broken, { n: 1 }, { tx })).rejects.toThrow(/broken\.thing\.commands/);
    });
    expect(await brokenOnly.list()).toEqual([]);
    expect((await db.query('SELECT saga_id FROM things')).rows).toEqual([{ saga_id: 'caller' }]);
  });

  it('logs an async event listener that rejects, as one that throws, instead of leaving an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const warned: unknown[] = [];
    try {
      const rejecting = new SagaOrchestrator({
        db,
        outbox,
        service: 'orders',
        sagas: [definition],
        clock: () => now,
        logger: { warn: (message, details) => warned.push([message, details?.error]), error: () => undefined },
        onEvent: async () => {
          throw new Error('audit table missing');
        },
      });
      await rejecting.start(definition, order);
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(warned).toEqual([['A saga event listener threw', expect.objectContaining({ message: 'audit table missing' })]]);
  });

  it('starts with the data as it was when start was called, even if the caller changes it before the group commits', async () => {
    const data = { ...order, orderId: 'first' };
    const started = orchestrator.start(definition, data);
    data.orderId = 'changed'; // a caller reusing one object for its next start
    const saga = await orchestrator.find(await started);
    expect(saga?.data).toMatchObject({ orderId: 'first' });
    expect((await queued(db)).map((m) => m.key)).toEqual(['first']);
  });

  it('a local step that loses a deadlock or a serialization conflict fails the transaction, retried, not the saga', async () => {
    let conflicts = 1;
    const racing = saga<{ n: number }>({ name: 'racing', replyTopic: 'things.thing.replies' })
      .step('write')
      .local(async ({ tx, sagaId, data }) => {
        await tx.query('INSERT INTO things (saga_id, n) VALUES ($1, $2)', [sagaId, data.n]);
        // What Postgres answers the victim of a deadlock: nothing wrong with the order itself.
        if (conflicts-- > 0) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      })
      .withCompensation(() => undefined)
      .step('call')
      .invoke((data) => writes.with({ n: data.n }))
      .build();
    const racingOnly = new SagaOrchestrator({ db, outbox, service: 'orders', sagas: [racing], clock: () => now });
    await expect(racingOnly.start(racing, { n: 1 }, { id: 'racing-1' })).rejects.toThrow('deadlock detected');
    expect(await racingOnly.find('racing-1')).toBeUndefined();
    await racingOnly.start(racing, { n: 1 }, { id: 'racing-1' }); // the caller (or the consumer) tries again
    expect(await racingOnly.find('racing-1')).toMatchObject({ state: 'running', currentStep: 1 });
    expect((await db.query('SELECT saga_id FROM things')).rows).toEqual([{ saga_id: 'racing-1' }]);
  });

  it('starting twice with one id starts one saga', async () => {
    await orchestrator.start(definition, order, { id: 'same' });
    await orchestrator.start(definition, order, { id: 'same' });
    expect(await commandTypes()).toEqual(['reserve-stock']);
  });

  it('saves a saga started under a chosen id (inserted, then updated) as one under a generated id (inserted started)', async () => {
    const generated = await orchestrator.find(await orchestrator.start(definition, order));
    const chosen = await orchestrator.find(await orchestrator.start(definition, order, { id: 'chosen' }));
    const shape = (saga: typeof chosen) => ({ ...saga, id: undefined, history: saga!.history.map((h) => ({ ...h, at: undefined })) });
    expect(shape(chosen)).toEqual(shape(generated));
  });

  it('advances on replies, ignores duplicates and stale ones, and completes', async () => {
    const id = await orchestrator.start(definition, order);
    await reply(id, success({ reservationId: 'r-1' }));
    // The same reply delivered twice with one event id: the inbox drops it.
    const duplicate = envelope({ sagaId: id, sagaType: 'create-order', step: 2, attempt: 2, outcome: 'success', payload: { paymentId: 'p-1' } });
    await orchestrator.replyHandler()(duplicate, noContext);
    await orchestrator.replyHandler()(duplicate, noContext);
    // A participant that replied twice (two event ids) to the first command: stale attempt.
    await reply(id, success({ reservationId: 'r-2' }), { step: 1, attempt: 1 });
    await reply(id, success());
    const saga = await orchestrator.find(id);
    expect(saga).toMatchObject({ state: 'completed', data: { status: 'approved', reservationId: 'r-1', paymentId: 'p-1' }, deadline: null });
    expect(await commandTypes()).toEqual(['reserve-stock', 'authorize-payment', 'schedule-shipment']);
    expect(events.filter((e) => e.type === 'reply-ignored')).toEqual([{ type: 'reply-ignored', sagaType: 'create-order', sagaId: id, reason: 'stale-attempt' }]);
    expect(events.at(-1)).toEqual({ type: 'finished', sagaType: 'create-order', sagaId: id, state: 'completed', durationMs: 0 });
  });

  it('keeps a local step writes with the state change, and undoes them when it fails', async () => {
    const ok = await orchestrator.start(writing, { n: 1 });
    const failed = await orchestrator.start(writing, { n: -1 });
    const { rows } = await db.query<{ saga_id: string }>('SELECT saga_id FROM things');
    expect(rows).toEqual([{ saga_id: ok }]);
    expect((await orchestrator.find(failed))?.state).toBe('compensated');
  });

  it('fires deadlines: a missing reply compensates, a failing compensation is retried and then parked', async () => {
    const id = await orchestrator.start(definition, order);
    await reply(id, success({ reservationId: 'r-1' }));
    expect(await orchestrator.fireDeadlines()).toBe(0);
    now = new Date(now.getTime() + 1_000);
    expect(await orchestrator.fireDeadlines()).toBe(1);
    expect(await commandTypes()).toEqual(['reserve-stock', 'authorize-payment', 'void-payment']);
    await reply(id, success());
    await reply(id, failure('inventory-down'));
    expect(await orchestrator.find(id)).toMatchObject({ state: 'compensating', waitingFor: 'retry', compensationAttempts: 1 });
    now = new Date(now.getTime() + 100);
    expect(await orchestrator.fireDeadlines()).toBe(1);
    now = new Date(now.getTime() + 500);
    expect(await orchestrator.fireDeadlines()).toBe(1); // no reply to the second try: parked
    const parked = await orchestrator.find(id);
    expect(parked).toMatchObject({ state: 'needs-attention', deadline: null });
    expect(parked!.failureReason).toBe('compensation of step "reserve-stock" failed 2 time(s), last: step "reserve-stock" got no reply in time');
    expect((await orchestrator.list({ state: 'needs-attention' })).map((s) => s.id)).toEqual([id]);
    expect(await orchestrator.countByState()).toEqual([{ type: 'create-order', state: 'needs-attention', count: 1 }]);
    expect(events.filter((e) => e.type === 'needs-attention')).toHaveLength(1);

    expect(await orchestrator.resume(id)).toBe(true);
    await reply(id, success());
    const done = await orchestrator.find(id);
    expect(done).toMatchObject({ state: 'compensated', data: { status: 'rejected' } });
    expect(done!.history.filter((h) => h.direction === 'compensation' && h.event === 'succeeded').map((h) => h.stepName)).toEqual([
      'authorize-payment',
      'reserve-stock',
      'create-order',
    ]);
  });

  it('a resumed saga compensates for its original reason again, and shows it once compensated', async () => {
    const id = await orchestrator.start(definition, order);
    await reply(id, success({ reservationId: 'r-1' }));
    await reply(id, failure('card-declined'));
    await reply(id, failure('inventory-locked'));
    now = new Date(now.getTime() + 100);
    expect(await orchestrator.fireDeadlines()).toBe(1);
    await reply(id, failure('inventory-locked'));
    expect(await orchestrator.find(id)).toMatchObject({ state: 'needs-attention', failureReason: 'compensation of step "reserve-stock" failed 2 time(s), last: inventory-locked' });
    expect(await orchestrator.resume(id)).toBe(true);
    expect(await orchestrator.find(id)).toMatchObject({ state: 'compensating', failureReason: 'authorize-payment: card-declined' });
    await reply(id, success());
    expect(await orchestrator.find(id)).toMatchObject({ state: 'compensated', failureReason: 'authorize-payment: card-declined' });
  });

  it('refuses to resume a saga of a type it does not run, naming the type (services sharing a database)', async () => {
    const id = await orchestrator.start(writing, { n: 1 });
    const before = await orchestrator.find(id);
    const ordersOnly = new SagaOrchestrator({ db, outbox, service: 'orders', sagas: [definition], clock: () => now });
    const refusal = ordersOnly.resume(id);
    await expect(refusal).rejects.toBeInstanceOf(UnknownSagaTypeError);
    await expect(refusal).rejects.toThrow(`Saga ${id} is a "writing" saga, which this orchestrator does not run (it runs "create-order")`);
    expect(await orchestrator.find(id)).toEqual(before);
  });

  it('a saga whose deadline cannot fire does not keep the deadlines due after it from firing', async () => {
    // Its compensation goes to a topic the outbox catalog lacks: every try to fire its timeout fails.
    const unlisted = defineCommand<{ n: number }>({ topic: 'broken.thing.commands', type: 'undo-thing' });
    const poisoned = saga<{ n: number }>({ name: 'poisoned', replyTopic: 'things.thing.replies', stepTimeoutMs: 1_000 })
      .step('call')
      .invoke((data) => writes.with({ n: data.n }))
      .withCompensation((data) => unlisted.with({ n: data.n }))
      .build();
    const logged: string[] = [];
    const oneAtATime = new SagaOrchestrator({
      db,
      outbox,
      service: 'orders',
      sagas: [definition, poisoned],
      clock: () => now,
      deadlines: { batchSize: 1 },
      logger: { warn: () => undefined, error: (message) => logged.push(message) },
    });
    const stuck = await oneAtATime.start(poisoned, { n: 1 });
    now = new Date(now.getTime() + 10);
    const healthy = await oneAtATime.start(definition, order);
    now = new Date(now.getTime() + 2_000);
    await oneAtATime.fireDeadlines();
    await oneAtATime.fireDeadlines();
    expect(logged).toContain('Could not fire a saga deadline; it is tried again after the sagas due before then');
    const postponed = await oneAtATime.find(stuck);
    expect(postponed).toMatchObject({ state: 'running', waitingFor: 'reply' });
    expect(postponed!.deadline!.getTime()).toBeGreaterThan(now.getTime());
    expect(await oneAtATime.find(healthy)).toMatchObject({ state: 'compensating', failureReason: 'reserve-stock: step "reserve-stock" got no reply in time' });
  });

  it('a saga whose deadline cannot fire is postponed even when logging that fails too', async () => {
    const unlisted = defineCommand<{ n: number }>({ topic: 'broken.thing.commands', type: 'undo-thing' });
    const poisoned = saga<{ n: number }>({ name: 'poisoned', replyTopic: 'things.thing.replies', stepTimeoutMs: 1_000 })
      .step('call')
      .invoke((data) => writes.with({ n: data.n }))
      .withCompensation((data) => unlisted.with({ n: data.n }))
      .build();
    const failingLogger = {
      warn: () => undefined,
      error: () => {
        throw new Error('log shipper down');
      },
    };
    const oneAtATime = new SagaOrchestrator({ db, outbox, service: 'orders', sagas: [definition, poisoned], clock: () => now, deadlines: { batchSize: 1 }, logger: failingLogger });
    const stuck = await oneAtATime.start(poisoned, { n: 1 });
    now = new Date(now.getTime() + 10);
    const healthy = await oneAtATime.start(definition, order);
    now = new Date(now.getTime() + 2_000);
    await oneAtATime.fireDeadlines();
    await oneAtATime.fireDeadlines();
    expect((await oneAtATime.find(stuck))!.deadline!.getTime()).toBeGreaterThan(now.getTime());
    expect(await oneAtATime.find(healthy)).toMatchObject({ state: 'compensating' });
  });

  it('stop() ends a deadline round after the batch in progress, not once every due saga has fired', async () => {
    let stopping: Promise<void> | undefined;
    const oneAtATime: SagaOrchestrator = new SagaOrchestrator({
      db,
      outbox,
      service: 'orders',
      sagas: [definition],
      clock: () => now,
      deadlines: { batchSize: 1, pollIntervalMs: 1 },
      // Stopped as soon as the first batch committed (a shutdown during a long backlog).
      onEvent: (event) => {
        if (event.type === 'timed-out') stopping ??= oneAtATime.stop();
      },
    });
    const ids = await Promise.all(['a', 'b', 'c', 'd'].map((orderId) => oneAtATime.start(definition, { ...order, orderId })));
    now = new Date(now.getTime() + 2_000);
    oneAtATime.startDeadlinePoller();
    await waitFor('the first deadline to fire', () => stopping !== undefined);
    await stopping;
    const states = await Promise.all(ids.map(async (id) => (await oneAtATime.find(id))?.state));
    expect(states.filter((state) => state === 'compensating')).toHaveLength(1);
    expect(await oneAtATime.fireDeadlines()).toBe(3); // the rest fire at the next start
  });

  it('applies replies delivered together in one transaction, and fails only a bad one among them', async () => {
    const ids = await Promise.all(['a', 'b', 'c'].map((orderId) => orchestrator.start(definition, { ...order, orderId })));
    const handler = orchestrator.replyHandler();
    const results = await Promise.allSettled([
      ...ids.map((sagaId) => handler(envelope({ sagaId, sagaType: 'create-order', step: 1, attempt: 1, outcome: 'success', payload: { reservationId: 'r' } }), noContext)),
      handler(envelope({ sagaId: ids[0], outcome: 'maybe' }), noContext),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    for (const id of ids) expect(await orchestrator.find(id)).toMatchObject({ currentStep: 2, attempt: 2 });
  });

  it('applies a consumer batch in order in one call: two replies of one saga, a duplicate, an unknown saga', async () => {
    const [first, second] = await Promise.all(['a', 'b'].map((orderId) => orchestrator.start(definition, { ...order, orderId })));
    const reserved = envelope({ sagaId: first, sagaType: 'create-order', step: 1, attempt: 1, outcome: 'success', payload: { reservationId: 'r-a' } });
    const items = [
      reserved,
      reserved, // redelivered in the same batch: the inbox claims it once
      envelope({ sagaId: first, sagaType: 'create-order', step: 2, attempt: 2, outcome: 'success', payload: { paymentId: 'p-a' } }),
      envelope({ sagaId: 'nope', sagaType: 'create-order', step: 1, attempt: 1, outcome: 'success', payload: null }),
      envelope({ sagaId: second, sagaType: 'create-order', step: 1, attempt: 1, outcome: 'failure', reason: 'out-of-stock' }),
    ].map((event) => ({ event, context: noContext }));
    await orchestrator.replyBatchHandler()(items);
    expect(await orchestrator.find(first)).toMatchObject({ state: 'running', currentStep: 3, attempt: 3, data: { reservationId: 'r-a', paymentId: 'p-a' } });
    expect((await orchestrator.find(second))?.state).toBe('compensated');
    expect(await commandTypes()).toEqual(['reserve-stock', 'reserve-stock', 'authorize-payment', 'schedule-shipment']);
    expect(events.filter((e) => e.type === 'reply-ignored')).toEqual([{ type: 'reply-ignored', sagaType: 'create-order', sagaId: 'nope', reason: 'unknown-saga' }]);
  });

  it('two replies of one saga in one batch: each command sent names the reply that caused it', async () => {
    const id = await orchestrator.start(definition, order);
    const reserved = envelope({ sagaId: id, sagaType: 'create-order', step: 1, attempt: 1, outcome: 'success', payload: { reservationId: 'r' } });
    const authorized = envelope({ sagaId: id, sagaType: 'create-order', step: 2, attempt: 2, outcome: 'success', payload: { paymentId: 'p' } });
    await orchestrator.replyBatchHandler()([reserved, authorized].map((event) => ({ event, context: noContext })));
    expect((await queued(db)).map((m) => [m.data.command, m.causationId])).toEqual([
      ['reserve-stock', undefined],
      ['authorize-payment', reserved.id],
      ['schedule-shipment', authorized.id],
    ]);
  });

  it('records a reply read from a retry topic in the inbox under that topic, with its partition and offset', async () => {
    const id = await orchestrator.start(definition, order);
    const retried = { ...noContext, topic: 'orders.order.replies.retry.orders.1', partition: 2, offset: '7', attempt: 2 };
    await orchestrator.replyHandler()(envelope({ sagaId: id, sagaType: 'create-order', step: 1, attempt: 1, outcome: 'success', payload: { reservationId: 'r' } }), retried);
    const { rows } = await db.query('SELECT topic, kafka_partition, kafka_offset FROM inbox');
    expect(rows).toEqual([{ topic: 'orders.order.replies.retry.orders.1', kafka_partition: 2, kafka_offset: '7' }]);
  });

  it('ignores a reply naming one of its saga types for a saga of a type it does not run (services sharing a database)', async () => {
    const id = await orchestrator.start(writing, { n: 1 });
    const ignored: SagaEvent[] = [];
    const ordersOnly = new SagaOrchestrator({ db, outbox, service: 'orders', sagas: [definition], clock: () => now, onEvent: (event) => ignored.push(event) });
    await ordersOnly.replyHandler()(envelope({ sagaId: id, sagaType: 'create-order', step: 1, attempt: 1, outcome: 'success', payload: null }), noContext);
    expect(ignored).toEqual([{ type: 'reply-ignored', sagaType: 'create-order', sagaId: id, reason: 'wrong-saga' }]);
    expect((await orchestrator.find(id))?.state).toBe('running');
  });

  it('refuses a reply of a saga type it does not run as retriable and claims nothing, so an instance that runs it applies it (a deploy in progress)', async () => {
    const id = await orchestrator.start(writing, { n: 1 });
    const older = new SagaOrchestrator({ db, outbox, service: 'orders', sagas: [definition], clock: () => now });
    const reply = envelope({ sagaId: id, sagaType: 'writing', step: 1, attempt: 1, outcome: 'success', payload: null });
    const refusal = { name: 'RetriableError', message: expect.stringContaining(`is for a "writing" saga, which this orchestrator does not run (it runs "create-order")`) };
    await expect(older.replyHandler()(reply, noContext)).rejects.toMatchObject(refusal);
    await expect(older.replyBatchHandler()([{ event: reply, context: noContext }])).rejects.toMatchObject(refusal);
    await orchestrator.replyHandler()(reply, noContext);
    expect((await orchestrator.find(id))?.state).toBe('completed');
  });

  it('ignores a reply for a saga it does not know and dead-letters one that is not a reply', async () => {
    await orchestrator.replyHandler()(envelope({ sagaId: 'nope', sagaType: 'create-order', step: 1, attempt: 1, outcome: 'success', payload: null }), noContext);
    expect(events).toEqual([{ type: 'reply-ignored', sagaType: 'create-order', sagaId: 'nope', reason: 'unknown-saga' }]);
    await expect(orchestrator.replyHandler()(envelope({ hello: 'world' }), noContext)).rejects.toMatchObject({ name: 'NonRetriableError', retriable: false });
  });

  if (driver === 'postgres') {
    it('never advances one saga from two workers at once (row lock + version)', async () => {
      const second = new SagaOrchestrator({ db, outbox, service: 'orders', sagas: [definition, writing], clock: () => now });
      const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => orchestrator.start(definition, { ...order, orderId: `o-${i}` })));
      // The same reply under two event ids (the inbox cannot tell), delivered to two workers at the same time.
      await Promise.all(
        ids.flatMap((id) => {
          const data = { sagaId: id, sagaType: 'create-order', step: 1, attempt: 1, outcome: 'success', payload: { reservationId: `r-${id}` } };
          return [orchestrator.replyHandler()(envelope(data), noContext), second.replyHandler()(envelope(data), noContext)];
        }),
      );
      for (const id of ids) expect(await orchestrator.find(id)).toMatchObject({ currentStep: 2, attempt: 2, version: 3 });
      expect((await commandTypes()).filter((type) => type === 'authorize-payment')).toHaveLength(20);
    });
  }
});
