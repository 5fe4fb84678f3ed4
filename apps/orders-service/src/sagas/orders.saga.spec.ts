import { givenSaga } from '@platform/saga';
import { ordersSaga } from './orders.saga';

describe('the orders saga', () => {
  it('completes its steps for a valid start', async () => {
    const { instance } = await givenSaga(ordersSaga())
      .whenStarted({ orderId: 'order-1' })
      .expectNoCommand()
      .expectState('completed');
    expect(instance.data).toEqual({ orderId: 'order-1' });
  });
});
