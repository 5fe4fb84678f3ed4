import { catalog, stockReservedTopic } from '../topic-catalog';
import { StockReserved, stockReservedExample } from './stock-reserved.event';

describe('inventory.stock.reserved', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('inventory.stock.reserved')).toBe(stockReservedTopic);
    expect(stockReservedTopic.schema).toBe(StockReserved);
  });

  it('accepts its example and refuses an empty event', () => {
    expect(StockReserved.parse(stockReservedExample)).toEqual(stockReservedExample);
    expect(StockReserved.safeParse({}).success).toBe(false);
  });
});
