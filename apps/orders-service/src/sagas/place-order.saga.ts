import { Inject, Injectable } from '@nestjs/common';
import { saga, type SagaDefinition } from '@platform/saga';
import type { SagaProvider } from '@platform/saga-nest';
import {
  chargePayment,
  refundPayment,
} from '../../../payments-service/src/commands/payment.commands';
import { releaseStock, reserveStock } from '../../../inventory-service/src/commands/stock.commands';
import type { OrderCreated } from '../events/order-created.event';
import { OrdersRepository } from '../orders/orders.repository';
import { ORDER_REPLIES_TOPIC } from '../topic-catalog';

/** What the place-order saga carries from step to step (kept with the saga instance). */
export interface PlaceOrderData extends OrderCreated {
  reservationId?: string;
  paymentId?: string;
}

/** `@Inject(SAGA_STEP_TIMEOUT_MS)`: how long a step waits for its participant's reply before the saga compensates. */
export const SAGA_STEP_TIMEOUT_MS = Symbol('SAGA_STEP_TIMEOUT_MS');

/**
 * Place an order: create it (pending), reserve its stock, charge its payment, approve it. When a
 * step fails (out of stock, payment declined, no reply in time) the steps before it are undone in
 * reverse order: the payment refunded, the stock released, the order rejected with the reason.
 * Commands and compensations are keyed by order id, so each participant sees them in order.
 */
@Injectable()
export class PlaceOrderSaga implements SagaProvider<PlaceOrderData> {
  readonly definition: SagaDefinition<PlaceOrderData>;

  constructor(
    private readonly orders: OrdersRepository,
    @Inject(SAGA_STEP_TIMEOUT_MS) stepTimeoutMs: number,
  ) {
    this.definition = this.define(stepTimeoutMs);
  }

  private define(stepTimeoutMs: number): SagaDefinition<PlaceOrderData> {
    return saga<PlaceOrderData>({
      name: 'place-order',
      replyTopic: ORDER_REPLIES_TOPIC,
      stepTimeoutMs,
    })
      .step('create-order')
      .local(({ tx, data }) => this.orders.createPending(tx, data))
      .withCompensation(({ tx, data, failureReason }) =>
        this.orders.reject(tx, data.orderId, failureReason ?? 'compensated'),
      )

      .step('reserve-stock')
      .invoke((order) =>
        reserveStock.with(
          { orderId: order.orderId, sku: order.sku, quantity: order.quantity },
          { key: order.orderId },
        ),
      )
      .onReply((order, reply) => ({ ...order, reservationId: reply.reservationId }))
      .withCompensation((order) =>
        releaseStock.with({ orderId: order.orderId }, { key: order.orderId }),
      )

      .step('charge-payment')
      .invoke((order) =>
        chargePayment.with(
          { orderId: order.orderId, customerId: order.customerId, amountCents: order.amountCents },
          { key: order.orderId },
        ),
      )
      .onReply((order, reply) => ({ ...order, paymentId: reply.paymentId }))
      .withCompensation((order) =>
        refundPayment.with({ orderId: order.orderId }, { key: order.orderId }),
      )

      .step('approve-order')
      .local(({ tx, data }) => this.orders.approve(tx, data.orderId, data.paymentId as string))
      .build();
  }
}
