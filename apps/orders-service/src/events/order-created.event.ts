import { z } from 'zod';

/**
 * orders.order.created (an order was placed; its place-order saga starts): a fact, keyed by
 * order id. Consumers depend on these fields: add optional ones freely; removing or renaming one
 * is a new event (a new topic), not an edit.
 */
export const OrderCreated = z.object({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  amountCents: z.number().int().positive(),
});
export type OrderCreated = z.infer<typeof OrderCreated>;

/** A valid event: documentation, and what the tests send. */
export const orderCreatedExample: OrderCreated = {
  orderId: 'order-1',
  customerId: 'customer-1',
  sku: 'SKU-1',
  quantity: 2,
  amountCents: 4990,
};
