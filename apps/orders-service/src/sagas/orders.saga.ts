import { saga, type SagaDefinition } from '@platform/saga';

/** What the orders saga carries from step to step (kept with the saga instance). */
export interface OrdersData {
  orderId: string;
}

/**
 * The orders saga, run by orders. Participants reply on orders.order.replies.
 * Add steps top to bottom: `.step('reserve-stock').invoke(...).onReply(...).withCompensation(...)`
 * (see libs/saga); every step's compensation undoes it when a later one fails.
 */
export function ordersSaga(): SagaDefinition<OrdersData> {
  return saga<OrdersData>({ name: 'orders', replyTopic: 'orders.order.replies' })
    .step('start')
    .local(({ data }) => data)
    .build();
}
