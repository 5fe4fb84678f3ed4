import { failure, givenSaga, success } from '@platform/saga';
import type { OrdersRepository } from '../orders/orders.repository';
import { PlaceOrderSaga } from './place-order.saga';

const order = {
  orderId: 'order-1',
  customerId: 'alice',
  sku: 'SKU-1',
  quantity: 2,
  amountCents: 4_990,
};

/** The saga with a repository that records what the local steps asked for. */
function placeOrderSaga() {
  const calls: string[] = [];
  const orders = {
    createPending: async () => void calls.push('create pending'),
    approve: async (_tx: unknown, orderId: string, paymentId: string) =>
      void calls.push(`approve ${orderId} ${paymentId}`),
    reject: async (_tx: unknown, orderId: string, reason: string) =>
      void calls.push(`reject ${orderId}: ${reason}`),
  } as unknown as OrdersRepository;
  return { definition: new PlaceOrderSaga(orders, 30_000).definition, calls };
}

describe('place-order saga', () => {
  it('creates the order, reserves stock, charges, approves', async () => {
    const { definition, calls } = placeOrderSaga();
    await givenSaga(definition)
      .whenStarted(order)
      .expectCommand('inventory.stock.commands', {
        type: 'reserve-stock',
        key: 'order-1',
        payload: { orderId: 'order-1', sku: 'SKU-1', quantity: 2 },
      })
      .expectDeadlineIn(30_000)
      .whenReply(success({ reservationId: 'order-1', available: 8 }))
      .expectCommand('payments.payment.commands', {
        type: 'charge-payment',
        key: 'order-1',
        payload: { orderId: 'order-1', customerId: 'alice', amountCents: 4_990 },
      })
      .whenReply(success({ paymentId: 'payment-order-1' }))
      .expectNoCommand()
      .expectState('completed')
      .expectData({ reservationId: 'order-1', paymentId: 'payment-order-1' });
    expect(calls).toEqual(['create pending', 'approve order-1 payment-order-1']);
  });

  it('releases the stock and rejects the order when the payment is declined', async () => {
    const { definition, calls } = placeOrderSaga();
    await givenSaga(definition)
      .whenStarted(order)
      .expectCommand('inventory.stock.commands', { type: 'reserve-stock' })
      .whenReply(success({ reservationId: 'order-1', available: 8 }))
      .expectCommand('payments.payment.commands', { type: 'charge-payment' })
      .whenReply(failure('declined'))
      .expectCommand('inventory.stock.commands', {
        type: 'release-stock',
        key: 'order-1',
        compensation: true,
        payload: { orderId: 'order-1' },
      })
      .whenReply(success())
      .expectState('compensated')
      .expectCompensated(['reserve-stock', 'create-order']);
    expect(calls).toEqual(['create pending', 'reject order-1: charge-payment: declined']);
  });

  it('rejects the order, with nothing to release, when the stock is short', async () => {
    const { definition, calls } = placeOrderSaga();
    await givenSaga(definition)
      .whenStarted(order)
      .expectCommand('inventory.stock.commands', { type: 'reserve-stock' })
      .whenReply(failure('out-of-stock'))
      .expectNoCommand()
      .expectState('compensated')
      .expectCompensated(['create-order']);
    expect(calls).toEqual(['create pending', 'reject order-1: reserve-stock: out-of-stock']);
  });

  it('compensates when inventory does not answer in time (it may have reserved: release anyway)', async () => {
    const { definition } = placeOrderSaga();
    await givenSaga(definition)
      .whenStarted(order)
      .expectCommand('inventory.stock.commands', { type: 'reserve-stock' })
      .whenDeadlinePasses()
      .expectCommand('inventory.stock.commands', { type: 'release-stock', compensation: true })
      .whenReply(success())
      .expectState('compensated');
  });
});
