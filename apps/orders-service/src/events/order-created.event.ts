import { z } from 'zod';

/**
 * orders.order.created (order created): a fact, keyed by order id.
 * Consumers depend on these fields: add optional ones freely; removing or renaming one is a new
 * event (a new topic), not an edit.
 */
export const OrderCreated = z.object({
  orderId: z.string().min(1),
});
export type OrderCreated = z.infer<typeof OrderCreated>;

/** A valid event: documentation, and what the tests send. */
export const orderCreatedExample: OrderCreated = {
  orderId: 'order-1',
};
