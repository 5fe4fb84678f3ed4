import { z } from 'zod';

/**
 * payments.payment.processed (an order's payment was charged): a fact, keyed by payment id.
 * Consumers depend on these fields: add optional ones freely; removing or renaming one is a new
 * event (a new topic), not an edit.
 */
export const PaymentProcessed = z.object({
  paymentId: z.string().min(1),
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  amountCents: z.number().int().positive(),
});
export type PaymentProcessed = z.infer<typeof PaymentProcessed>;

/** A valid event: documentation, and what the tests send. */
export const paymentProcessedExample: PaymentProcessed = {
  paymentId: 'payment-order-1',
  orderId: 'order-1',
  customerId: 'customer-1',
  amountCents: 4990,
};
