import { z } from 'zod';

/**
 * orders.order.rejected (order rejected): a fact, keyed by order id.
 * Consumers depend on these fields: add optional ones freely; removing or renaming one is a new
 * event (a new topic), not an edit.
 */
export const OrderRejected = z.object({
  orderId: z.string().min(1),
});
export type OrderRejected = z.infer<typeof OrderRejected>;

/** A valid event: documentation, and what the tests send. */
export const orderRejectedExample: OrderRejected = {
  orderId: 'order-1',
};
