import { defineCatalog, defineTopic } from '@platform/kafka';
import { sagaReplyTopic } from '@platform/saga';
import { OrderCreated } from './events/order-created.event';
import { OrderApproved } from './events/order-approved.event';
import { OrderRejected } from './events/order-rejected.event';

export const orderCreatedTopic = defineTopic({
  name: 'orders.order.created',
  partitions: 6,
  key: 'order id',
  schema: OrderCreated,
  description: 'an order placed (pending); its place-order saga starts',
});

export const orderApprovedTopic = defineTopic({
  name: 'orders.order.approved',
  partitions: 6,
  key: 'order id',
  schema: OrderApproved,
  description: 'stock reserved and payment charged: the order stands',
});

export const orderRejectedTopic = defineTopic({
  name: 'orders.order.rejected',
  partitions: 6,
  key: 'order id',
  schema: OrderRejected,
  description: 'the place-order saga failed and undid its steps',
});

/** Where participants reply to the place-order saga's commands. */
export const ORDER_REPLIES_TOPIC = 'orders.order.replies';

export const orderRepliesTopic = sagaReplyTopic({
  name: ORDER_REPLIES_TOPIC,
  partitions: 6,
  description: 'replies of inventory and payments to place-order saga commands',
});

/**
 * The topics orders-service owns: `npm run topics -- plan|apply` provisions them, the producer
 * accepts only catalog topics. Add one with `nx g event orders.<entity>.<event> --service=orders`.
 */
export const catalog = defineCatalog({
  service: 'orders',
  topics: [orderCreatedTopic, orderApprovedTopic, orderRejectedTopic, orderRepliesTopic],
});
