import { z } from 'zod';

/**
 * inventory.stock.released (a reservation was undone, its units are available again): a fact,
 * keyed by SKU. Consumers depend on these fields: add optional ones freely; removing or renaming
 * one is a new event (a new topic), not an edit.
 */
export const StockReleased = z.object({
  sku: z.string().min(1),
  orderId: z.string().min(1),
  quantity: z.number().int().positive(),
  /** Units available after the release. */
  available: z.number().int().nonnegative(),
});
export type StockReleased = z.infer<typeof StockReleased>;

/** A valid event: documentation, and what the tests send. */
export const stockReleasedExample: StockReleased = {
  sku: 'SKU-1',
  orderId: 'order-1',
  quantity: 2,
  available: 10,
};
