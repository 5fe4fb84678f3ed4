import type { EventProducer } from '@platform/kafka';
import { EventsPublisher } from '../app/events.publisher';
import { catalog, orderRejectedTopic } from '../topic-catalog';
import { OrderRejected, orderRejectedExample } from './order-rejected.event';

describe('orders.order.rejected', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('orders.order.rejected')).toBe(orderRejectedTopic);
    expect(orderRejectedTopic.schema).toBe(OrderRejected);
  });

  it('accepts its example and refuses an event without orderId', () => {
    expect(OrderRejected.parse(orderRejectedExample)).toEqual(orderRejectedExample);
    expect(OrderRejected.safeParse({}).success).toBe(false);
  });

  it('is published keyed by order id', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    await new EventsPublisher({ send } as unknown as EventProducer).orderRejected(
      orderRejectedExample,
    );
    expect(send).toHaveBeenCalledWith(orderRejectedTopic, {
      key: orderRejectedExample.orderId,
      data: orderRejectedExample,
    });
  });
});
