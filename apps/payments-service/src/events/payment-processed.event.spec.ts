import { catalog, paymentProcessedTopic } from '../topic-catalog';
import { PaymentProcessed, paymentProcessedExample } from './payment-processed.event';

describe('payments.payment.processed', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('payments.payment.processed')).toBe(paymentProcessedTopic);
    expect(paymentProcessedTopic.schema).toBe(PaymentProcessed);
  });

  it('accepts its example and refuses an empty event', () => {
    expect(PaymentProcessed.parse(paymentProcessedExample)).toEqual(paymentProcessedExample);
    expect(PaymentProcessed.safeParse({}).success).toBe(false);
  });
});
