import { z } from 'zod';

/**
 * orders.order.rejected (the saga failed and undid what it had done): a fact, keyed by order id.
 * Consumers depend on these fields: add optional ones freely; removing or renaming one is a new
 * event (a new topic), not an edit.
 */
export const OrderRejected = z.object({
  orderId: z.string().min(1),
  /** The failed step's reason, e.g. `payment declined` or `out of stock`. */
  reason: z.string().min(1),
});
export type OrderRejected = z.infer<typeof OrderRejected>;

/** A valid event: documentation, and what the tests send. */
export const orderRejectedExample: OrderRejected = {
  orderId: 'order-1',
  reason: 'charge-payment failed: declined',
};
