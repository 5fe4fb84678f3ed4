import { catalog, orderRejectedTopic } from '../topic-catalog';
import { OrderRejected, orderRejectedExample } from './order-rejected.event';

describe('orders.order.rejected', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('orders.order.rejected')).toBe(orderRejectedTopic);
    expect(orderRejectedTopic.schema).toBe(OrderRejected);
  });

  it('accepts its example and refuses an empty event', () => {
    expect(OrderRejected.parse(orderRejectedExample)).toEqual(orderRejectedExample);
    expect(OrderRejected.safeParse({}).success).toBe(false);
  });
});
