import { z } from 'zod';

/**
 * inventory.stock.released (stock released): a fact, keyed by stock id.
 * Consumers depend on these fields: add optional ones freely; removing or renaming one is a new
 * event (a new topic), not an edit.
 */
export const StockReleased = z.object({
  stockId: z.string().min(1),
});
export type StockReleased = z.infer<typeof StockReleased>;

/** A valid event: documentation, and what the tests send. */
export const stockReleasedExample: StockReleased = {
  stockId: 'stock-1',
};
