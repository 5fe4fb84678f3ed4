import { defineCommand } from '../definition/command';
import { failure, success } from '../definition/outcome';
import { saga } from '../definition/saga-builder';
import { createOrderSaga } from '../fixtures/create-order-saga';
import { givenSaga, SagaExpectationError } from './given-saga';

const order = { orderId: 'o-1', sku: 'A-1', quantity: 2, amount: 50 };

describe('givenSaga: create-order', () => {
  const definition = createOrderSaga({ stepTimeoutMs: 10_000, compensation: { maxAttempts: 3, timeoutMs: 5_000, backoff: { baseMs: 100, maxMs: 1_000 } } });

  it('runs every step in order and completes', async () => {
    const { instance, history } = await givenSaga(definition)
      .whenStarted(order)
      .expectData({ status: 'pending' })
      .expectCommand('inventory.stock.commands', { type: 'reserve-stock', key: 'o-1', payload: { orderId: 'o-1', sku: 'A-1', quantity: 2 } })
      .expectDeadlineIn(10_000)
      .whenReply(success({ reservationId: 'r-9' }))
      .expectData({ reservationId: 'r-9' })
      .expectCommand('payments.payment.commands', { type: 'authorize-payment', payload: { orderId: 'o-1', amount: 50 } })
      .whenReply(success({ paymentId: 'p-3' }))
      .expectCommand('shipping.shipment.commands', { type: 'schedule-shipment' })
      .whenReply(success())
      .expectNoCommand()
      .expectState('completed')
      .expectData({ status: 'approved', reservationId: 'r-9', paymentId: 'p-3' })
      .expectDeadlineIn(null);
    expect(history.filter((h) => h.event === 'succeeded').map((h) => h.stepName)).toEqual([
      'create-order',
      'reserve-stock',
      'authorize-payment',
      'schedule-shipment',
      'approve-order',
    ]);
    expect(instance.compensating).toBe(false);
  });

  it('a local step that fails compensates nothing (nothing was done before it)', async () => {
    await givenSaga(definition).whenStarted({ ...order, quantity: 0 }).expectNoCommand().expectState('compensated').expectCompensated([]);
  });

  it('a failure of the first participant undoes only the local step before it', async () => {
    const { instance } = await givenSaga(definition)
      .whenStarted(order)
      .expectCommand('inventory.stock.commands', { type: 'reserve-stock' })
      .whenReply(failure('out-of-stock', { available: 1 }))
      .expectNoCommand()
      .expectState('compensated')
      .expectData({ status: 'rejected' })
      .expectCompensated(['create-order']);
    expect(instance.failureReason).toBe('reserve-stock: out-of-stock');
  });

  it('a failure of the last participant undoes the completed steps in reverse order', async () => {
    await givenSaga(definition)
      .whenStarted(order)
      .expectCommand('inventory.stock.commands')
      .whenReply(success({ reservationId: 'r-1' }))
      .expectCommand('payments.payment.commands')
      .whenReply(success({ paymentId: 'p-1' }))
      .expectCommand('shipping.shipment.commands')
      .whenReply(failure('no-courier'))
      .expectCommand('payments.payment.commands', { type: 'void-payment', compensation: true, payload: { orderId: 'o-1' } })
      .expectDeadlineIn(5_000)
      .whenReply(success())
      .expectCommand('inventory.stock.commands', { type: 'release-stock', compensation: true })
      .whenReply(success())
      .expectState('compensated')
      .expectCompensated(['authorize-payment', 'reserve-stock', 'create-order']);
  });

  it('a timeout is a failure and also undoes the timed-out step (the participant may still act on it)', async () => {
    await givenSaga(definition)
      .whenStarted(order)
      .expectCommand('inventory.stock.commands')
      .whenReply(success({ reservationId: 'r-1' }))
      .expectCommand('payments.payment.commands', { type: 'authorize-payment' })
      .whenDeadlinePasses()
      .expectState('compensating')
      .expectCommand('payments.payment.commands', { type: 'void-payment' })
      .whenReply(success())
      .expectCommand('inventory.stock.commands', { type: 'release-stock' })
      .whenReply(success())
      .expectState('compensated')
      .expectCompensated(['authorize-payment', 'reserve-stock', 'create-order']);
  });

  it('ignores a duplicate and a late reply', async () => {
    await givenSaga(definition)
      .whenStarted(order)
      .whenReply(success({ reservationId: 'r-1' }))
      // The same reply again (attempt 1), then a reply to the payment from a step it is not on.
      .expectReplyIgnored(success({ reservationId: 'r-1' }), { attempt: 1, step: 1 })
      .expectReplyIgnored(success({ paymentId: 'p' }), { step: 1 })
      .expectData({ reservationId: 'r-1' })
      .expectCommand('inventory.stock.commands')
      .expectCommand('payments.payment.commands')
      .expectNoCommand();
  });

  it('retries a failing compensation with backoff, then parks the saga; resuming tries again', async () => {
    await givenSaga(definition)
      .whenStarted(order)
      .expectCommand('inventory.stock.commands', { type: 'reserve-stock' })
      .whenReply(success({ reservationId: 'r-1' }))
      .expectCommand('payments.payment.commands', { type: 'authorize-payment' })
      .whenReply(failure('card-declined'))
      .expectCommand('inventory.stock.commands', { type: 'release-stock' })
      .whenReply(failure('inventory-locked'))
      .expectState('compensating')
      // random() just below 1 in the harness: the full backoff cap, 100 ms then 200 ms.
      .expectDeadlineIn(100)
      .expectNoCommand()
      .whenDeadlinePasses()
      .expectCommand('inventory.stock.commands', { type: 'release-stock' })
      .whenDeadlinePasses() // no reply in 5 s: a failed try too
      .expectDeadlineIn(200)
      .whenDeadlinePasses()
      .expectCommand('inventory.stock.commands', { type: 'release-stock' })
      .whenReply(failure('inventory-locked'))
      .expectState('needs-attention')
      .expectDeadlineIn(null)
      .expectCompensated([])
      .whenResumed()
      .expectCommand('inventory.stock.commands', { type: 'release-stock' })
      .whenReply(success())
      .expectState('compensated')
      .expectCompensated(['reserve-stock', 'create-order']);
  });
});

describe('givenSaga: the harness itself', () => {
  const ping = defineCommand<{ n: number }, { pong: number }>({ topic: 'pong.ball.commands', type: 'ping' });
  const definition = saga<{ n: number; pong?: number }>({ name: 'ping-pong', replyTopic: 'ping.ball.replies' })
    .step('write')
    .local(async ({ tx, sagaId, data }) => {
      await tx.query('INSERT INTO balls (saga_id, n) VALUES ($1, $2)', [sagaId, data.n]);
    })
    .step('ping')
    .invoke((data) => ping.with({ n: data.n }))
    .onReply((data, reply) => ({ ...data, pong: reply.pong }))
    .build();

  it('gives local steps a transaction that records their SQL', async () => {
    const { queries, commands } = await givenSaga(definition, { sagaId: 's-7' }).whenStarted({ n: 1 });
    expect(queries).toEqual([{ text: 'INSERT INTO balls (saga_id, n) VALUES ($1, $2)', params: ['s-7', 1] }]);
    expect(commands[0]).toMatchObject({ key: 's-7', message: { sagaId: 's-7', sagaType: 'ping-pong', step: 1, attempt: 1, replyTopic: 'ping.ball.replies', command: 'ping' } });
  });

  it('names what differs when a command does not match', async () => {
    const failing = givenSaga(definition).whenStarted({ n: 1 }).expectCommand('pong.ball.commands', { type: 'ping', payload: { n: 2 } });
    await expect(failing.run()).rejects.toThrow(SagaExpectationError);
    await expect(failing.run()).rejects.toThrow(/payload differ/);
  });

  it('refuses to reply to a saga that was not started, and to ignore a reply the saga applies', async () => {
    await expect(givenSaga(definition).whenReply(success()).run()).rejects.toThrow('whenReply: the saga was not started; begin with whenStarted(data)');
    await expect(givenSaga(definition).whenStarted({ n: 1 }).expectReplyIgnored(success({ pong: 2 })).run()).rejects.toThrow(/expectReplyIgnored: the saga applied the reply/);
  });

  it('fails on an unexpected state and says why the saga compensated', async () => {
    await expect(givenSaga(definition).whenStarted({ n: 1 }).whenReply(failure('lost')).expectState('completed').run()).rejects.toThrow(
      'expectState: expected completed, the saga is compensated (ping: lost)',
    );
  });

  it('stores data as JSON, as the orchestrator does', async () => {
    const { instance } = await givenSaga(definition).whenStarted({ n: 1, at: new Date('2026-01-01T00:00:00Z') } as never);
    expect(instance.data).toEqual({ n: 1, at: '2026-01-01T00:00:00.000Z' });
  });
});

describe('givenSaga: why a saga compensates', () => {
  const reserve = defineCommand<{ orderId: string }>({ topic: 'inventory.stock.commands', type: 'reserve-stock' });

  it('hands the failed step reason to local compensations (and nothing to forward steps)', async () => {
    const seen: { step: string; reason: string | undefined }[] = [];
    const definition = saga<{ orderId: string }>({ name: 'why', replyTopic: 'orders.order.replies' })
      .step('create-order')
      .local(({ failureReason }) => void seen.push({ step: 'create-order', reason: failureReason }))
      .withCompensation(({ failureReason }) => void seen.push({ step: 'reject-order', reason: failureReason }))
      .step('reserve-stock')
      .invoke((data) => reserve.with({ orderId: data.orderId }, { key: data.orderId }))
      .build();
    await givenSaga(definition).whenStarted({ orderId: 'o-1' }).whenReply(failure('out-of-stock')).expectState('compensated');
    expect(seen).toEqual([
      { step: 'create-order', reason: undefined },
      { step: 'reject-order', reason: expect.stringContaining('out-of-stock') },
    ]);
  });
});
