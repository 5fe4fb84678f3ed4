import { defineCommand } from '../definition/command';
import { failure, success } from '../definition/outcome';
import { saga } from '../definition/saga-builder';
import { givenSaga } from '../harness/given-saga';

const charge = defineCommand<{ amount: number }, { chargeId: string }>({ topic: 'payments.payment.commands', type: 'charge' });
const refund = defineCommand<{ chargeId?: string }>({ topic: 'payments.payment.commands', type: 'refund' });

describe('SagaEngine edge cases', () => {
  it('retries a failing local compensation, then parks the saga', async () => {
    let tries = 0;
    const definition = saga<{ amount: number }>({ name: 'local-undo', replyTopic: 'orders.order.replies', compensation: { maxAttempts: 3, backoff: { baseMs: 10, maxMs: 10 } } })
      .step('hold')
      .local(() => undefined)
      .withCompensation(() => {
        tries += 1;
        throw new Error(`ledger locked (${tries})`);
      })
      .step('charge')
      .invoke((data) => charge.with({ amount: data.amount }))
      .build();
    const { instance, history } = await givenSaga(definition)
      .whenStarted({ amount: 5 })
      .whenReply(failure('declined'))
      .expectState('compensating')
      .expectDeadlineIn(10)
      .whenDeadlinePasses()
      .whenDeadlinePasses()
      .expectState('needs-attention');
    expect(tries).toBe(3);
    expect(instance.failureReason).toBe('compensation of step "hold" failed 3 time(s), last: ledger locked (3)');
    expect(history.filter((h) => h.event === 'parked')).toHaveLength(1);
  });

  it('a reply handler that throws undoes that step too (the participant did its part)', async () => {
    const definition = saga<{ amount: number; chargeId?: string }>({ name: 'bad-reply', replyTopic: 'orders.order.replies' })
      .step('charge')
      .invoke((data) => charge.with({ amount: data.amount }))
      .onReply(() => {
        throw new Error('unexpected reply shape');
      })
      .withCompensation((data) => refund.with({ chargeId: data.chargeId }))
      .build();
    const { instance } = await givenSaga(definition)
      .whenStarted({ amount: 5 })
      .whenReply(success({ chargeId: 'c-1' }))
      .expectCommand('payments.payment.commands', { type: 'charge' })
      .expectCommand('payments.payment.commands', { type: 'refund', compensation: true })
      .whenReply(success())
      .expectState('compensated');
    expect(instance.failureReason).toBe('charge: reply handler of step "charge" failed: unexpected reply shape');
  });

  it('a reply handler that returns nothing leaves the data as it was, as a local step does', async () => {
    const seen: unknown[] = [];
    const definition = saga<{ amount: number }>({ name: 'quiet-reply', replyTopic: 'orders.order.replies' })
      .step('charge')
      .invoke((data) => charge.with({ amount: data.amount }))
      .onReply((_data, reply) => {
        seen.push(reply);
      })
      .step('charge-again')
      .invoke((data) => charge.with({ amount: data.amount }))
      .build();
    await givenSaga(definition)
      .whenStarted({ amount: 5 })
      .whenReply(success({ chargeId: 'c-1' }))
      .expectData({ amount: 5 })
      .expectCommand('payments.payment.commands', { payload: { amount: 5 } })
      .expectCommand('payments.payment.commands', { payload: { amount: 5 } });
    expect(seen).toEqual([{ chargeId: 'c-1' }]);
  });

  it('a command that cannot be built fails its step', async () => {
    const definition = saga<{ amount: number }>({ name: 'bad-command', replyTopic: 'orders.order.replies' })
      .step('charge')
      .invoke((data) => {
        if (data.amount <= 0) throw new Error('amount must be positive');
        return charge.with({ amount: data.amount });
      })
      .build();
    const { instance } = await givenSaga(definition).whenStarted({ amount: 0 }).expectNoCommand().expectState('compensated');
    expect(instance.failureReason).toBe('charge: command of step "charge" could not be built: amount must be positive');
  });

  it('a command builder that returns no command fails its step, or its compensation try, with a precise reason', async () => {
    const definition = saga<{ amount: number }>({ name: 'no-command', replyTopic: 'orders.order.replies', compensation: { maxAttempts: 1 } })
      .step('charge')
      .invoke((data) => charge.with({ amount: data.amount }))
      // A block body without return: the builder returns undefined.
      .withCompensation(((data: { amount: number }) => {
        refund.with({ chargeId: String(data.amount) });
      }) as never)
      .step('ship')
      .invoke((() => undefined) as never)
      .build();
    const { instance } = await givenSaga(definition)
      .whenStarted({ amount: 5 })
      .expectCommand('payments.payment.commands', { type: 'charge' })
      .whenReply(success({ chargeId: 'c-1' }))
      .expectNoCommand()
      .expectState('needs-attention');
    const expected = 'expected a command (e.g. reserveStock.with(payload)) received undefined';
    expect(instance.failureReason).toBe(`compensation of step "charge" failed 1 time(s), last: compensation command could not be built: ${expected}`);
    const failed = (await givenSaga(definition).whenStarted({ amount: 5 }).whenReply(success({ chargeId: 'c-1' })).run()).history.find((h) => h.event === 'failed');
    expect(failed?.reason).toBe(`command of step "ship" could not be built: ${expected}`);
  });

  it('a command with a key the outbox cannot send (empty, not text) fails its step with a precise reason', async () => {
    const definition = saga<{ amount: number; account: unknown }>({ name: 'bad-key', replyTopic: 'orders.order.replies' })
      .step('charge')
      .invoke((data) => charge.with({ amount: data.amount }, { key: data.account as string }))
      .build();
    for (const account of ['', 42]) {
      const { instance } = await givenSaga(definition).whenStarted({ amount: 1, account }).expectNoCommand().expectState('compensated');
      expect(instance.failureReason).toBe(`charge: command of step "charge" could not be built: expected a non-empty string key (or none: the saga id) received ${JSON.stringify(account)}`);
    }
  });

  it('a resumed saga compensates for its original reason again, not for why it was parked', async () => {
    const reasons: (string | undefined)[] = [];
    const definition = saga<{ amount: number }>({ name: 'resumed', replyTopic: 'orders.order.replies', compensation: { maxAttempts: 1 } })
      .step('hold')
      .local(() => undefined)
      .withCompensation(({ failureReason }) => void reasons.push(failureReason))
      .step('charge')
      .invoke((data) => charge.with({ amount: data.amount }))
      .withCompensation(() => refund.with({}))
      .step('ship')
      .invoke((data) => charge.with({ amount: data.amount }))
      .build();
    const { instance } = await givenSaga(definition)
      .whenStarted({ amount: 5 })
      .whenReply(success({ chargeId: 'c-1' }))
      .whenReply(failure('no-courier'))
      .whenReply(failure('ledger-locked'))
      .expectState('needs-attention')
      .whenResumed()
      .whenReply(success())
      .expectState('compensated');
    expect(reasons).toEqual(['ship: no-courier']);
    expect(instance.failureReason).toBe('ship: no-courier');
  });

  it('a step without a timeout waits for its reply forever', async () => {
    const definition = saga<{ amount: number }>({ name: 'patient', replyTopic: 'orders.order.replies' })
      .step('charge')
      .invoke((data) => charge.with({ amount: data.amount }))
      .build();
    await givenSaga(definition).whenStarted({ amount: 1 }).expectDeadlineIn(null).expectState('running');
  });

  it('ignores replies once the saga has finished', async () => {
    const definition = saga<{ amount: number }>({ name: 'done', replyTopic: 'orders.order.replies' })
      .step('charge')
      .invoke((data) => charge.with({ amount: data.amount }))
      .build();
    await givenSaga(definition)
      .whenStarted({ amount: 1 })
      .whenReply(success({ chargeId: 'c' }))
      .expectState('completed')
      .expectReplyIgnored(success({ chargeId: 'c' }), { step: 0, attempt: 1 });
  });
});
