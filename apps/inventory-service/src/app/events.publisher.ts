import { Inject, Injectable } from '@nestjs/common';
import { type EventProducer, type EventEnvelope } from '@platform/kafka';
import { EVENT_PRODUCER } from '@platform/kafka-nest';
import { type StockReserved } from '../events/stock-reserved.event';
import { stockReservedTopic, stockReleasedTopic } from '../topic-catalog';
import { type StockReleased } from '../events/stock-released.event';

/**
 * Publishes the events inventory-service owns through the keyed producer, one method per event
 * (`nx g event` adds them). The key is the entity id, so one entity's events stay in order.
 */
@Injectable()
export class EventsPublisher {
  constructor(@Inject(EVENT_PRODUCER) private readonly producer: EventProducer) {}

  /** inventory.stock.reserved, keyed by stock id. */
  stockReserved(event: StockReserved): Promise<EventEnvelope<StockReserved>> {
    return this.producer.send(stockReservedTopic, { key: event.stockId, data: event });
  }

  /** inventory.stock.released, keyed by stock id. */
  stockReleased(event: StockReleased): Promise<EventEnvelope<StockReleased>> {
    return this.producer.send(stockReleasedTopic, { key: event.stockId, data: event });
  }
}
