import { defineCatalog, defineTopic } from '@platform/kafka';
import { OrderCreated } from './events/order-created.event';
import { OrderApproved } from './events/order-approved.event';
import { OrderRejected } from './events/order-rejected.event';

export const orderCreatedTopic = defineTopic({
  name: 'orders.order.created',
  partitions: 6,
  key: 'order id',
  schema: OrderCreated,
  description: 'order created',
});

export const orderApprovedTopic = defineTopic({
  name: 'orders.order.approved',
  partitions: 6,
  key: 'order id',
  schema: OrderApproved,
  description: 'order approved',
});

export const orderRejectedTopic = defineTopic({
  name: 'orders.order.rejected',
  partitions: 6,
  key: 'order id',
  schema: OrderRejected,
  description: 'order rejected',
});

/**
 * The topics orders-service owns: `npm run topics -- plan|apply` provisions them, the producer
 * accepts only catalog topics. Add one with `nx g event orders.<entity>.<event> --service=orders`.
 */
export const catalog = defineCatalog({
  service: 'orders',
  topics: [orderCreatedTopic, orderApprovedTopic, orderRejectedTopic],
});
