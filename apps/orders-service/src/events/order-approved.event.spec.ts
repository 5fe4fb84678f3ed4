import type { EventProducer } from '@platform/kafka';
import { EventsPublisher } from '../app/events.publisher';
import { catalog, orderApprovedTopic } from '../topic-catalog';
import { OrderApproved, orderApprovedExample } from './order-approved.event';

describe('orders.order.approved', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('orders.order.approved')).toBe(orderApprovedTopic);
    expect(orderApprovedTopic.schema).toBe(OrderApproved);
  });

  it('accepts its example and refuses an event without orderId', () => {
    expect(OrderApproved.parse(orderApprovedExample)).toEqual(orderApprovedExample);
    expect(OrderApproved.safeParse({}).success).toBe(false);
  });

  it('is published keyed by order id', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    await new EventsPublisher({ send } as unknown as EventProducer).orderApproved(
      orderApprovedExample,
    );
    expect(send).toHaveBeenCalledWith(orderApprovedTopic, {
      key: orderApprovedExample.orderId,
      data: orderApprovedExample,
    });
  });
});
