import type { EventProducer } from '@platform/kafka';
import { EventsPublisher } from '../app/events.publisher';
import { catalog, stockReleasedTopic } from '../topic-catalog';
import { StockReleased, stockReleasedExample } from './stock-released.event';

describe('inventory.stock.released', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('inventory.stock.released')).toBe(stockReleasedTopic);
    expect(stockReleasedTopic.schema).toBe(StockReleased);
  });

  it('accepts its example and refuses an event without stockId', () => {
    expect(StockReleased.parse(stockReleasedExample)).toEqual(stockReleasedExample);
    expect(StockReleased.safeParse({}).success).toBe(false);
  });

  it('is published keyed by stock id', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    await new EventsPublisher({ send } as unknown as EventProducer).stockReleased(
      stockReleasedExample,
    );
    expect(send).toHaveBeenCalledWith(stockReleasedTopic, {
      key: stockReleasedExample.stockId,
      data: stockReleasedExample,
    });
  });
});
