import { z } from 'zod';

/**
 * inventory.stock.reserved (stock reserved for an order): a fact, keyed by SKU, so one item's
 * stock changes stay in order. Consumers depend on these fields: add optional ones freely;
 * removing or renaming one is a new event (a new topic), not an edit.
 */
export const StockReserved = z.object({
  sku: z.string().min(1),
  orderId: z.string().min(1),
  quantity: z.number().int().positive(),
  /** Units left to reserve after this reservation. */
  available: z.number().int().nonnegative(),
});
export type StockReserved = z.infer<typeof StockReserved>;

/** A valid event: documentation, and what the tests send. */
export const stockReservedExample: StockReserved = {
  sku: 'SKU-1',
  orderId: 'order-1',
  quantity: 2,
  available: 8,
};
