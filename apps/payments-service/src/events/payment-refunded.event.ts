import { z } from 'zod';

/**
 * payments.payment.refunded (a charged payment was paid back, a saga compensating): a fact,
 * keyed by payment id. Consumers depend on these fields: add optional ones freely; removing or
 * renaming one is a new event (a new topic), not an edit.
 */
export const PaymentRefunded = z.object({
  paymentId: z.string().min(1),
  orderId: z.string().min(1),
  amountCents: z.number().int().positive(),
});
export type PaymentRefunded = z.infer<typeof PaymentRefunded>;

/** A valid event: documentation, and what the tests send. */
export const paymentRefundedExample: PaymentRefunded = {
  paymentId: 'payment-order-1',
  orderId: 'order-1',
  amountCents: 4990,
};
