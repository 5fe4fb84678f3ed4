import type { EventProducer } from '@platform/kafka';
import { EventsPublisher } from '../app/events.publisher';
import { catalog, stockReservedTopic } from '../topic-catalog';
import { StockReserved, stockReservedExample } from './stock-reserved.event';

describe('inventory.stock.reserved', () => {
  it('is declared in the catalog with its schema', () => {
    expect(catalog.get('inventory.stock.reserved')).toBe(stockReservedTopic);
    expect(stockReservedTopic.schema).toBe(StockReserved);
  });

  it('accepts its example and refuses an event without stockId', () => {
    expect(StockReserved.parse(stockReservedExample)).toEqual(stockReservedExample);
    expect(StockReserved.safeParse({}).success).toBe(false);
  });

  it('is published keyed by stock id', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    await new EventsPublisher({ send } as unknown as EventProducer).stockReserved(
      stockReservedExample,
    );
    expect(send).toHaveBeenCalledWith(stockReservedTopic, {
      key: stockReservedExample.stockId,
      data: stockReservedExample,
    });
  });
});
