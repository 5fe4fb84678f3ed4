import { defineCatalog, defineTopic } from '@platform/kafka';
import { PaymentProcessed } from './events/payment-processed.event';
import { PaymentRefunded } from './events/payment-refunded.event';

export const paymentProcessedTopic = defineTopic({
  name: 'payments.payment.processed',
  partitions: 6,
  key: 'payment id',
  schema: PaymentProcessed,
  description: 'payment processed',
});

export const paymentRefundedTopic = defineTopic({
  name: 'payments.payment.refunded',
  partitions: 6,
  key: 'payment id',
  schema: PaymentRefunded,
  description: 'payment refunded',
});

/**
 * The topics payments-service owns: `npm run topics -- plan|apply` provisions them, the producer
 * accepts only catalog topics. Add one with `nx g event payments.<entity>.<event> --service=payments`.
 */
export const catalog = defineCatalog({
  service: 'payments',
  topics: [paymentProcessedTopic, paymentRefundedTopic],
});
