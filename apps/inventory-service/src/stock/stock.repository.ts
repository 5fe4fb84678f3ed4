import { Inject, Injectable } from '@nestjs/common';
import type { Database, Transaction } from '@platform/database';
import type { Outbox } from '@platform/outbox';
import { DATABASE, OUTBOX } from '@platform/outbox-nest';
import { stockReleasedTopic, stockReservedTopic } from '../topic-catalog';

export interface StockLevel {
  sku: string;
  available: number;
  reserved: number;
}

export interface Reservation {
  orderId: string;
  sku: string;
  quantity: number;
  status: 'reserved' | 'released';
}

/** The most units the stock table's `integer` columns hold (available, reserved). */
export const MAX_UNITS = 2_147_483_647;

export type SetAvailableResult =
  | { outcome: 'set'; level: StockLevel }
  /** The SKU's reserved units plus the level asked for would pass MAX_UNITS; nothing written. */
  | { outcome: 'over-limit'; reserved: number };

export type ReserveResult =
  | { outcome: 'reserved'; reservation: Reservation; available: number }
  | { outcome: 'out-of-stock' | 'unknown-sku'; available: number };

/**
 * Stock levels and reservations. Every change writes its event to the outbox in the caller's
 * transaction, so the change and its event commit together. Reserve and release are idempotent
 * per order: a redelivered or repeated command finds the reservation and does nothing more.
 */
@Injectable()
export class StockRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  async reserve(
    tx: Transaction,
    orderId: string,
    sku: string,
    quantity: number,
  ): Promise<ReserveResult> {
    const existing = await this.findReservation(tx, orderId);
    if (existing)
      return {
        outcome: 'reserved',
        reservation: existing,
        available: (await this.availableIn(tx, existing.sku)) ?? 0,
      };
    // The row lock of this UPDATE serialises reservations of one SKU across instances. The
    // bound on reserved keeps `reserved + $2` inside its integer column: setAvailable keeps
    // available + reserved within the maximum, but a row written before it did may not be, and an
    // overflow fails the statement, so the command, retried in vain, would be dead-lettered
    // instead of answered out-of-stock. A quantity above the maximum cannot be bound as an integer
    // at all, and no SKU has that many.
    const taken =
      quantity > MAX_UNITS
        ? undefined
        : await tx.query<{ available: number }>(
            `UPDATE stock SET available = available - $2, reserved = reserved + $2, updated_at = now()
              WHERE sku = $1 AND available >= $2 AND reserved <= ${MAX_UNITS} - $2 RETURNING available`,
            [sku, quantity],
          );
    if (!taken || taken.rowCount === 0) {
      const available = await this.availableIn(tx, sku);
      return available === undefined
        ? { outcome: 'unknown-sku', available: 0 }
        : { outcome: 'out-of-stock', available };
    }
    await tx.query(
      "INSERT INTO reservations (order_id, sku, quantity, status) VALUES ($1, $2, $3, 'reserved')",
      [orderId, sku, quantity],
    );
    const available = taken.rows[0].available;
    await this.outbox.add(tx, {
      topic: stockReservedTopic,
      aggregateId: sku,
      payload: { sku, orderId, quantity, available },
    });
    return {
      outcome: 'reserved',
      reservation: { orderId, sku, quantity, status: 'reserved' },
      available,
    };
  }

  /** Puts the order's units back; nothing to undo (never reserved, or released already) is fine. */
  async release(tx: Transaction, orderId: string): Promise<Reservation | undefined> {
    const released = await tx.query<{ sku: string; quantity: number }>(
      `UPDATE reservations SET status = 'released', released_at = now()
        WHERE order_id = $1 AND status = 'reserved' RETURNING sku, quantity`,
      [orderId],
    );
    if (released.rowCount === 0) return this.findReservation(tx, orderId);
    const { sku, quantity } = released.rows[0];
    const level = await tx.query<{ available: number }>(
      `UPDATE stock SET available = available + $2, reserved = reserved - $2, updated_at = now()
        WHERE sku = $1 RETURNING available`,
      [sku, quantity],
    );
    const available = level.rows[0].available;
    await this.outbox.add(tx, {
      topic: stockReleasedTopic,
      aggregateId: sku,
      payload: { sku, orderId, quantity, available },
    });
    return { orderId, sku, quantity, status: 'released' };
  }

  /**
   * Sets how many units of a SKU can be reserved (creating the SKU); reservations are kept. A level
   * that, with the units reserved, passes MAX_UNITS is refused and nothing is written.
   */
  async setAvailable(sku: string, available: number): Promise<SetAvailableResult> {
    // Reserve and release only move units between available and reserved, so only this changes
    // their sum. Kept within the integer columns here, release's `available + quantity` can never
    // overflow: a failed release is a compensation retried in vain, then dead-lettered, leaving the
    // units reserved for good. The bound is checked in the upsert, under the row lock reservations
    // take too, so a concurrent reserve cannot slip between the check and the write.
    const { rows } = await this.db.query<{ sku: string; available: number; reserved: number }>(
      `INSERT INTO stock (sku, available) VALUES ($1, $2)
       ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, updated_at = now()
         WHERE stock.reserved <= ${MAX_UNITS} - EXCLUDED.available
       RETURNING sku, available, reserved`,
      [sku, available],
    );
    if (rows[0]) return { outcome: 'set', level: rows[0] };
    return { outcome: 'over-limit', reserved: (await this.level(sku))?.reserved ?? 0 };
  }

  async level(sku: string): Promise<StockLevel | undefined> {
    const { rows } = await this.db.query<{ sku: string; available: number; reserved: number }>(
      'SELECT sku, available, reserved FROM stock WHERE sku = $1',
      [sku],
    );
    return rows[0];
  }

  async reservationsOf(sku: string): Promise<Reservation[]> {
    const { rows } = await this.db.query<ReservationRow>(
      'SELECT order_id, sku, quantity, status FROM reservations WHERE sku = $1 ORDER BY created_at, order_id',
      [sku],
    );
    return rows.map(toReservation);
  }

  private async availableIn(tx: Transaction, sku: string): Promise<number | undefined> {
    const { rows } = await tx.query<{ available: number }>(
      'SELECT available FROM stock WHERE sku = $1',
      [sku],
    );
    return rows[0]?.available;
  }

  private async findReservation(
    tx: Transaction,
    orderId: string,
  ): Promise<Reservation | undefined> {
    const { rows } = await tx.query<ReservationRow>(
      'SELECT order_id, sku, quantity, status FROM reservations WHERE order_id = $1',
      [orderId],
    );
    return rows[0] && toReservation(rows[0]);
  }
}

interface ReservationRow extends Record<string, unknown> {
  order_id: string;
  sku: string;
  quantity: number;
  status: Reservation['status'];
}

function toReservation(row: ReservationRow): Reservation {
  return { orderId: row.order_id, sku: row.sku, quantity: row.quantity, status: row.status };
}
