import { defineCatalog, defineTopic } from '@platform/kafka';
import { StockReserved } from './events/stock-reserved.event';
import { StockReleased } from './events/stock-released.event';

export const stockReservedTopic = defineTopic({
  name: 'inventory.stock.reserved',
  partitions: 6,
  key: 'stock id',
  schema: StockReserved,
  description: 'stock reserved',
});

export const stockReleasedTopic = defineTopic({
  name: 'inventory.stock.released',
  partitions: 6,
  key: 'stock id',
  schema: StockReleased,
  description: 'stock released',
});

/**
 * The topics inventory-service owns: `npm run topics -- plan|apply` provisions them, the producer
 * accepts only catalog topics. Add one with `nx g event inventory.<entity>.<event> --service=inventory`.
 */
export const catalog = defineCatalog({
  service: 'inventory',
  topics: [stockReservedTopic, stockReleasedTopic],
});
