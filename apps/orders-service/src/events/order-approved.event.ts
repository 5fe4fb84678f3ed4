import { z } from 'zod';

/**
 * orders.order.approved (stock reserved and payment charged: the order stands): a fact, keyed by
 * order id. Consumers depend on these fields: add optional ones freely; removing or renaming one
 * is a new event (a new topic), not an edit.
 */
export const OrderApproved = z.object({
  orderId: z.string().min(1),
  paymentId: z.string().min(1),
});
export type OrderApproved = z.infer<typeof OrderApproved>;

/** A valid event: documentation, and what the tests send. */
export const orderApprovedExample: OrderApproved = {
  orderId: 'order-1',
  paymentId: 'payment-order-1',
};
