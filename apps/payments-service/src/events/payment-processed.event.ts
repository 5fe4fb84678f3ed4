import { z } from 'zod';

/**
 * payments.payment.processed (payment processed): a fact, keyed by payment id.
 * Consumers depend on these fields: add optional ones freely; removing or renaming one is a new
 * event (a new topic), not an edit.
 */
export const PaymentProcessed = z.object({
  paymentId: z.string().min(1),
});
export type PaymentProcessed = z.infer<typeof PaymentProcessed>;

/** A valid event: documentation, and what the tests send. */
export const paymentProcessedExample: PaymentProcessed = {
  paymentId: 'payment-1',
};
