import { catalog, orderCreatedTopic } from '../topic-catalog';
import { OrderCreated, orderCreatedExample } from './order-created.event';

describe('orders.order.created', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('orders.order.created')).toBe(orderCreatedTopic);
    expect(orderCreatedTopic.schema).toBe(OrderCreated);
  });

  it('accepts its example and refuses an empty event', () => {
    expect(OrderCreated.parse(orderCreatedExample)).toEqual(orderCreatedExample);
    expect(OrderCreated.safeParse({}).success).toBe(false);
  });
});
