import { defineCommand } from '@platform/saga';
import { z } from 'zod';

/**
 * The commands inventory-service takes from sagas, on its `inventory.stock.commands` topic. This
 * file is the contract: orchestrators import it (orders-service's place-order saga), the handlers
 * in src/stock serve it. Send a step and its compensation with the same key (the order id) so
 * they stay in order.
 */
export const STOCK_COMMANDS_TOPIC = 'inventory.stock.commands';

export const ReserveStock = z.object({
  orderId: z.string().min(1),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
});
export type ReserveStock = z.infer<typeof ReserveStock>;

/** Success reply: the reservation (one per order) and what is left. */
export interface StockReservation {
  reservationId: string;
  available: number;
}

/** Failure reasons: `out-of-stock`, `unknown-sku`. */
export const reserveStock = defineCommand<ReserveStock, StockReservation>({
  topic: STOCK_COMMANDS_TOPIC,
  type: 'reserve-stock',
  schema: ReserveStock,
});

export const ReleaseStock = z.object({ orderId: z.string().min(1) });
export type ReleaseStock = z.infer<typeof ReleaseStock>;

/** The compensation of reserve-stock; succeeds when there is nothing to release. */
export const releaseStock = defineCommand<ReleaseStock>({
  topic: STOCK_COMMANDS_TOPIC,
  type: 'release-stock',
  schema: ReleaseStock,
});
