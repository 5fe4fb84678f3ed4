import type { EventProducer } from '@platform/kafka';
import { EventsPublisher } from '../app/events.publisher';
import { catalog, orderCreatedTopic } from '../topic-catalog';
import { OrderCreated, orderCreatedExample } from './order-created.event';

describe('orders.order.created', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('orders.order.created')).toBe(orderCreatedTopic);
    expect(orderCreatedTopic.schema).toBe(OrderCreated);
  });

  it('accepts its example and refuses an event without orderId', () => {
    expect(OrderCreated.parse(orderCreatedExample)).toEqual(orderCreatedExample);
    expect(OrderCreated.safeParse({}).success).toBe(false);
  });

  it('is published keyed by order id', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    await new EventsPublisher({ send } as unknown as EventProducer).orderCreated(
      orderCreatedExample,
    );
    expect(send).toHaveBeenCalledWith(orderCreatedTopic, {
      key: orderCreatedExample.orderId,
      data: orderCreatedExample,
    });
  });
});
