import { catalog, paymentRefundedTopic } from '../topic-catalog';
import { PaymentRefunded, paymentRefundedExample } from './payment-refunded.event';

describe('payments.payment.refunded', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('payments.payment.refunded')).toBe(paymentRefundedTopic);
    expect(paymentRefundedTopic.schema).toBe(PaymentRefunded);
  });

  it('accepts its example and refuses an empty event', () => {
    expect(PaymentRefunded.parse(paymentRefundedExample)).toEqual(paymentRefundedExample);
    expect(PaymentRefunded.safeParse({}).success).toBe(false);
  });
});
