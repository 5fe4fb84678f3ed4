import { catalog, stockReleasedTopic } from '../topic-catalog';
import { StockReleased, stockReleasedExample } from './stock-released.event';

describe('inventory.stock.released', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('inventory.stock.released')).toBe(stockReleasedTopic);
    expect(stockReleasedTopic.schema).toBe(StockReleased);
  });

  it('accepts its example and refuses an empty event', () => {
    expect(StockReleased.parse(stockReleasedExample)).toEqual(stockReleasedExample);
    expect(StockReleased.safeParse({}).success).toBe(false);
  });
});
