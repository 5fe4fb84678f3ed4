import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import type { SagaOrchestrator } from '@platform/saga';
import type { PlaceOrderSaga } from '../sagas/place-order.saga';
import { OrdersController } from './orders.controller';
import type { Order, OrdersRepository } from './orders.repository';

const placed = {
  orderId: 'order-1',
  customerId: 'customer-1',
  sku: 'SKU-1',
  quantity: 1,
  amountCents: 4990,
};

/** A controller whose saga "starts" by storing the order once per id, as the real one does. */
function controller() {
  const stored = new Map<string, Order>();
  const sagas = {
    start: async (_definition: unknown, data: typeof placed, { id }: { id: string }) => {
      if (!stored.has(id)) {
        const now = new Date();
        stored.set(id, {
          ...data,
          status: 'pending',
          reason: null,
          paymentId: null,
          createdAt: now,
          updatedAt: now,
        });
      }
      return id;
    },
    find: async () => undefined,
  } as unknown as SagaOrchestrator;
  const orders = { find: async (id: string) => stored.get(id) } as unknown as OrdersRepository;
  const placeOrder = { definition: {} } as PlaceOrderSaga;
  return new OrdersController(orders, sagas, placeOrder);
}

describe('OrdersController POST /orders with an orderId', () => {
  it('answers a retry with the same body with the order placed first', async () => {
    const orders = controller();
    await orders.place(placed);
    await expect(orders.place(placed)).resolves.toMatchObject(placed);
  });

  it('refuses the same orderId with another body (409), naming what differs', async () => {
    const orders = controller();
    await orders.place(placed);
    const retry = orders.place({ ...placed, quantity: 5 });
    await expect(retry).rejects.toBeInstanceOf(ConflictException);
    await expect(retry).rejects.toThrow(/order-1.*quantity 1, not 5/);
  });
});

describe('OrdersController POST /orders without a JSON body', () => {
  it('answers 400 saying to send JSON with its content type, with an example', async () => {
    // Nest leaves the body undefined when no parser took it (text/plain, a missing Content-Type).
    const post = controller().place(undefined);
    await expect(post).rejects.toBeInstanceOf(BadRequestException);
    await expect(post).rejects.toThrow(/Content-Type: application\/json.*Example: \{"customerId"/);
  });
});

describe('OrdersController GET /orders/:id', () => {
  it('answers 404 for an id no order can have, without asking the database (which refuses a NUL)', async () => {
    const refusing = {
      find: async () => {
        throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
      },
    } as unknown as OrdersRepository;
    const sagas = { find: async () => undefined } as unknown as SagaOrchestrator;
    const orders = new OrdersController(refusing, sagas, { definition: {} } as PlaceOrderSaga);
    await expect(orders.get('order\u0000-1')).rejects.toBeInstanceOf(NotFoundException);
  });
});
