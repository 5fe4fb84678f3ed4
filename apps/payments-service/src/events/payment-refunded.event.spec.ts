import type { EventProducer } from '@platform/kafka';
import { EventsPublisher } from '../app/events.publisher';
import { catalog, paymentRefundedTopic } from '../topic-catalog';
import { PaymentRefunded, paymentRefundedExample } from './payment-refunded.event';

describe('payments.payment.refunded', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('payments.payment.refunded')).toBe(paymentRefundedTopic);
    expect(paymentRefundedTopic.schema).toBe(PaymentRefunded);
  });

  it('accepts its example and refuses an event without paymentId', () => {
    expect(PaymentRefunded.parse(paymentRefundedExample)).toEqual(paymentRefundedExample);
    expect(PaymentRefunded.safeParse({}).success).toBe(false);
  });

  it('is published keyed by payment id', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    await new EventsPublisher({ send } as unknown as EventProducer).paymentRefunded(
      paymentRefundedExample,
    );
    expect(send).toHaveBeenCalledWith(paymentRefundedTopic, {
      key: paymentRefundedExample.paymentId,
      data: paymentRefundedExample,
    });
  });
});
