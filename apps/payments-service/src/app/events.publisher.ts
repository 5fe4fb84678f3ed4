import { Inject, Injectable } from '@nestjs/common';
import { type EventProducer, type EventEnvelope } from '@platform/kafka';
import { EVENT_PRODUCER } from '@platform/kafka-nest';
import { type PaymentProcessed } from '../events/payment-processed.event';
import { paymentProcessedTopic, paymentRefundedTopic } from '../topic-catalog';
import { type PaymentRefunded } from '../events/payment-refunded.event';

/**
 * Publishes the events payments-service owns through the keyed producer, one method per event
 * (`nx g event` adds them). The key is the entity id, so one entity's events stay in order.
 */
@Injectable()
export class EventsPublisher {
  constructor(@Inject(EVENT_PRODUCER) private readonly producer: EventProducer) {}

  /** payments.payment.processed, keyed by payment id. */
  paymentProcessed(event: PaymentProcessed): Promise<EventEnvelope<PaymentProcessed>> {
    return this.producer.send(paymentProcessedTopic, { key: event.paymentId, data: event });
  }

  /** payments.payment.refunded, keyed by payment id. */
  paymentRefunded(event: PaymentRefunded): Promise<EventEnvelope<PaymentRefunded>> {
    return this.producer.send(paymentRefundedTopic, { key: event.paymentId, data: event });
  }
}
