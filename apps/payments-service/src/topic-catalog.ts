import { defineCatalog, defineTopic } from '@platform/kafka';
import { sagaCommandTopic } from '@platform/saga';
import { PAYMENT_COMMANDS_TOPIC } from './commands/payment.commands';
import { PaymentProcessed } from './events/payment-processed.event';
import { PaymentRefunded } from './events/payment-refunded.event';

export const paymentProcessedTopic = defineTopic({
  name: 'payments.payment.processed',
  partitions: 6,
  key: 'payment id',
  schema: PaymentProcessed,
  description: "an order's payment charged",
});

export const paymentRefundedTopic = defineTopic({
  name: 'payments.payment.refunded',
  partitions: 6,
  key: 'payment id',
  schema: PaymentRefunded,
  description: 'a charged payment paid back (a saga compensating)',
});

/** Saga commands for payments (src/commands/payment.commands.ts), keyed by order id. */
export const paymentCommandsTopic = sagaCommandTopic({
  name: PAYMENT_COMMANDS_TOPIC,
  partitions: 6,
  key: 'order id',
  description: 'charge-payment and refund-payment commands from sagas',
});

/**
 * The topics payments-service owns: `npm run topics -- plan|apply` provisions them, the producer
 * accepts only catalog topics. Add one with `nx g event payments.<entity>.<event> --service=payments`.
 */
export const catalog = defineCatalog({
  service: 'payments',
  topics: [paymentProcessedTopic, paymentRefundedTopic, paymentCommandsTopic],
});
