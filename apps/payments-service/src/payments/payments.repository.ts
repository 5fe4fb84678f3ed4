import { Inject, Injectable } from '@nestjs/common';
import type { Database, Transaction } from '@platform/database';
import type { Outbox } from '@platform/outbox';
import { DATABASE, OUTBOX } from '@platform/outbox-nest';
import { paymentProcessedTopic, paymentRefundedTopic } from '../topic-catalog';

export interface Payment {
  paymentId: string;
  orderId: string;
  customerId: string;
  amountCents: number;
  status: 'charged' | 'refunded';
}

/**
 * Payments, one per order. Each change writes its event to the outbox in the caller's
 * transaction. Charge and refund are idempotent per order.
 */
@Injectable()
export class PaymentsRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** Charges once per order: a repeated charge returns the payment of the first. */
  async charge(
    tx: Transaction,
    orderId: string,
    customerId: string,
    amountCents: number,
  ): Promise<Payment> {
    const paymentId = `payment-${orderId}`;
    const inserted = await tx.query(
      `INSERT INTO payments (order_id, payment_id, customer_id, amount_cents, status)
       VALUES ($1, $2, $3, $4, 'charged') ON CONFLICT (order_id) DO NOTHING`,
      [orderId, paymentId, customerId, amountCents],
    );
    if (inserted.rowCount === 1) {
      await this.outbox.add(tx, {
        topic: paymentProcessedTopic,
        aggregateId: paymentId,
        payload: { paymentId, orderId, customerId, amountCents },
      });
    }
    return (await this.find(tx, orderId)) as Payment;
  }

  /** Pays a charge back; nothing charged (or refunded already) is fine. */
  async refund(tx: Transaction, orderId: string): Promise<Payment | undefined> {
    const { rows } = await tx.query<{ payment_id: string; amount_cents: number }>(
      `UPDATE payments SET status = 'refunded', refunded_at = now()
        WHERE order_id = $1 AND status = 'charged' RETURNING payment_id, amount_cents`,
      [orderId],
    );
    if (rows[0]) {
      const { payment_id: paymentId, amount_cents: amountCents } = rows[0];
      await this.outbox.add(tx, {
        topic: paymentRefundedTopic,
        aggregateId: paymentId,
        payload: { paymentId, orderId, amountCents },
      });
    }
    return this.find(tx, orderId);
  }

  async findByOrder(orderId: string): Promise<Payment | undefined> {
    return this.find(this.db, orderId);
  }

  private async find(db: Pick<Database, 'query'>, orderId: string): Promise<Payment | undefined> {
    const { rows } = await db.query<PaymentRow>(
      'SELECT payment_id, order_id, customer_id, amount_cents, status FROM payments WHERE order_id = $1',
      [orderId],
    );
    const row = rows[0];
    return (
      row && {
        paymentId: row.payment_id,
        orderId: row.order_id,
        customerId: row.customer_id,
        amountCents: row.amount_cents,
        status: row.status,
      }
    );
  }
}

interface PaymentRow extends Record<string, unknown> {
  payment_id: string;
  order_id: string;
  customer_id: string;
  amount_cents: number;
  status: Payment['status'];
}
