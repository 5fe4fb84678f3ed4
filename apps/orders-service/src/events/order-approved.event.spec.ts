import { catalog, orderApprovedTopic } from '../topic-catalog';
import { OrderApproved, orderApprovedExample } from './order-approved.event';

describe('orders.order.approved', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('orders.order.approved')).toBe(orderApprovedTopic);
    expect(orderApprovedTopic.schema).toBe(OrderApproved);
  });

  it('accepts its example and refuses an empty event', () => {
    expect(OrderApproved.parse(orderApprovedExample)).toEqual(orderApprovedExample);
    expect(OrderApproved.safeParse({}).success).toBe(false);
  });
});
