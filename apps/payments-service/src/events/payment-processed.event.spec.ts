import type { EventProducer } from '@platform/kafka';
import { EventsPublisher } from '../app/events.publisher';
import { catalog, paymentProcessedTopic } from '../topic-catalog';
import { PaymentProcessed, paymentProcessedExample } from './payment-processed.event';

describe('payments.payment.processed', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('payments.payment.processed')).toBe(paymentProcessedTopic);
    expect(paymentProcessedTopic.schema).toBe(PaymentProcessed);
  });

  it('accepts its example and refuses an event without paymentId', () => {
    expect(PaymentProcessed.parse(paymentProcessedExample)).toEqual(paymentProcessedExample);
    expect(PaymentProcessed.safeParse({}).success).toBe(false);
  });

  it('is published keyed by payment id', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    await new EventsPublisher({ send } as unknown as EventProducer).paymentProcessed(
      paymentProcessedExample,
    );
    expect(send).toHaveBeenCalledWith(paymentProcessedTopic, {
      key: paymentProcessedExample.paymentId,
      data: paymentProcessedExample,
    });
  });
});
