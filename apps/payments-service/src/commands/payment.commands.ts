import { defineCommand } from '@platform/saga';
import { z } from 'zod';

/**
 * The commands payments-service takes from sagas, on its `payments.payment.commands` topic. This
 * file is the contract: orchestrators import it, the handlers in src/payments serve it. Send a
 * step and its compensation with the same key (the order id) so they stay in order.
 */
export const PAYMENT_COMMANDS_TOPIC = 'payments.payment.commands';

/**
 * The deterministic decline rule the demo relies on: a charge above this many cents (1,000.00)
 * is declined. A real service would ask a payment provider here.
 */
export const DECLINE_ABOVE_CENTS = 100_000;

export const ChargePayment = z.object({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  amountCents: z.number().int().positive(),
});
export type ChargePayment = z.infer<typeof ChargePayment>;

export interface PaymentCharged {
  paymentId: string;
}

/** Failure reason: `declined` (details: the limit). */
export const chargePayment = defineCommand<ChargePayment, PaymentCharged>({
  topic: PAYMENT_COMMANDS_TOPIC,
  type: 'charge-payment',
  schema: ChargePayment,
});

export const RefundPayment = z.object({ orderId: z.string().min(1) });
export type RefundPayment = z.infer<typeof RefundPayment>;

/** The compensation of charge-payment; succeeds when nothing was charged. */
export const refundPayment = defineCommand<RefundPayment>({
  topic: PAYMENT_COMMANDS_TOPIC,
  type: 'refund-payment',
  schema: RefundPayment,
});
