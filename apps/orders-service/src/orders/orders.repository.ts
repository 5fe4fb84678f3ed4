import { Inject, Injectable } from '@nestjs/common';
import type { Database, Transaction } from '@platform/database';
import type { Outbox } from '@platform/outbox';
import { DATABASE, OUTBOX } from '@platform/outbox-nest';
import type { OrderCreated } from '../events/order-created.event';
import { orderApprovedTopic, orderCreatedTopic, orderRejectedTopic } from '../topic-catalog';

export type OrderStatus = 'pending' | 'approved' | 'rejected';

export interface Order {
  orderId: string;
  customerId: string;
  sku: string;
  quantity: number;
  amountCents: number;
  status: OrderStatus;
  reason: string | null;
  paymentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Orders. Every change writes its event to the outbox in the caller's transaction (the saga's),
 * so the order, the saga's state and the events commit together.
 */
@Injectable()
export class OrdersRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  async createPending(tx: Transaction, order: OrderCreated): Promise<void> {
    await tx.query(
      "INSERT INTO orders (id, customer_id, sku, quantity, amount_cents, status) VALUES ($1, $2, $3, $4, $5, 'pending')",
      [order.orderId, order.customerId, order.sku, order.quantity, order.amountCents],
    );
    await this.outbox.add(tx, {
      topic: orderCreatedTopic,
      aggregateId: order.orderId,
      payload: order,
    });
  }

  async approve(tx: Transaction, orderId: string, paymentId: string): Promise<void> {
    await tx.query(
      "UPDATE orders SET status = 'approved', payment_id = $2, updated_at = now() WHERE id = $1",
      [orderId, paymentId],
    );
    await this.outbox.add(tx, {
      topic: orderApprovedTopic,
      aggregateId: orderId,
      payload: { orderId, paymentId },
    });
  }

  /** Idempotent: an order rejected already is left as it is and no second event is written. */
  async reject(tx: Transaction, orderId: string, reason: string): Promise<void> {
    const { rowCount } = await tx.query(
      "UPDATE orders SET status = 'rejected', reason = $2, updated_at = now() WHERE id = $1 AND status <> 'rejected'",
      [orderId, reason],
    );
    if (rowCount === 1)
      await this.outbox.add(tx, {
        topic: orderRejectedTopic,
        aggregateId: orderId,
        payload: { orderId, reason },
      });
  }

  async find(orderId: string): Promise<Order | undefined> {
    const { rows } = await this.db.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE id = $1`, [
      orderId,
    ]);
    return rows[0] && toOrder(rows[0]);
  }

  /** Counts by status: what the demo and the fault test check. */
  async countByStatus(): Promise<Record<OrderStatus, number>> {
    const { rows } = await this.db.query<{ status: OrderStatus; n: number }>(
      'SELECT status, count(*)::int AS n FROM orders GROUP BY status',
    );
    const counts: Record<OrderStatus, number> = { pending: 0, approved: 0, rejected: 0 };
    for (const { status, n } of rows) counts[status] = n;
    return counts;
  }
}

const COLUMNS =
  'id, customer_id, sku, quantity, amount_cents, status, reason, payment_id, created_at, updated_at';

interface OrderRow extends Record<string, unknown> {
  id: string;
  customer_id: string;
  sku: string;
  quantity: number;
  amount_cents: number;
  status: OrderStatus;
  reason: string | null;
  payment_id: string | null;
  created_at: Date;
  updated_at: Date;
}

function toOrder(row: OrderRow): Order {
  return {
    orderId: row.id,
    customerId: row.customer_id,
    sku: row.sku,
    quantity: row.quantity,
    amountCents: row.amount_cents,
    status: row.status,
    reason: row.reason,
    paymentId: row.payment_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
