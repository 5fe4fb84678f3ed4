import { Inject, Injectable } from '@nestjs/common';
import { type EventProducer, type EventEnvelope } from '@platform/kafka';
import { EVENT_PRODUCER } from '@platform/kafka-nest';
import { type OrderCreated } from '../events/order-created.event';
import { orderCreatedTopic, orderApprovedTopic, orderRejectedTopic } from '../topic-catalog';
import { type OrderApproved } from '../events/order-approved.event';
import { type OrderRejected } from '../events/order-rejected.event';

/**
 * Publishes the events orders-service owns through the keyed producer, one method per event
 * (`nx g event` adds them). The key is the entity id, so one entity's events stay in order.
 */
@Injectable()
export class EventsPublisher {
  constructor(@Inject(EVENT_PRODUCER) private readonly producer: EventProducer) {}

  /** orders.order.created, keyed by order id. */
  orderCreated(event: OrderCreated): Promise<EventEnvelope<OrderCreated>> {
    return this.producer.send(orderCreatedTopic, { key: event.orderId, data: event });
  }

  /** orders.order.approved, keyed by order id. */
  orderApproved(event: OrderApproved): Promise<EventEnvelope<OrderApproved>> {
    return this.producer.send(orderApprovedTopic, { key: event.orderId, data: event });
  }

  /** orders.order.rejected, keyed by order id. */
  orderRejected(event: OrderRejected): Promise<EventEnvelope<OrderRejected>> {
    return this.producer.send(orderRejectedTopic, { key: event.orderId, data: event });
  }
}
