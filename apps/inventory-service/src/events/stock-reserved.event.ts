import { z } from 'zod';

/**
 * inventory.stock.reserved (stock reserved): a fact, keyed by stock id.
 * Consumers depend on these fields: add optional ones freely; removing or renaming one is a new
 * event (a new topic), not an edit.
 */
export const StockReserved = z.object({
  stockId: z.string().min(1),
});
export type StockReserved = z.infer<typeof StockReserved>;

/** A valid event: documentation, and what the tests send. */
export const stockReservedExample: StockReserved = {
  stockId: 'stock-1',
};
