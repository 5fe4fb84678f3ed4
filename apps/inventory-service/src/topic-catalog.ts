import { defineCatalog, defineTopic } from '@platform/kafka';
import { sagaCommandTopic } from '@platform/saga';
import { STOCK_COMMANDS_TOPIC } from './commands/stock.commands';
import { StockReserved } from './events/stock-reserved.event';
import { StockReleased } from './events/stock-released.event';

export const stockReservedTopic = defineTopic({
  name: 'inventory.stock.reserved',
  partitions: 6,
  key: 'SKU',
  schema: StockReserved,
  description: 'units of a SKU reserved for an order',
});

export const stockReleasedTopic = defineTopic({
  name: 'inventory.stock.released',
  partitions: 6,
  key: 'SKU',
  schema: StockReleased,
  description: "an order's reservation undone, its units available again",
});

/** Saga commands for inventory (src/commands/stock.commands.ts), keyed by order id. */
export const stockCommandsTopic = sagaCommandTopic({
  name: STOCK_COMMANDS_TOPIC,
  partitions: 6,
  key: 'order id',
  description: 'reserve-stock and release-stock commands from sagas',
});

/**
 * The topics inventory-service owns: `npm run topics -- plan|apply` provisions them, the producer
 * accepts only catalog topics. Add one with `nx g event inventory.<entity>.<event> --service=inventory`.
 */
export const catalog = defineCatalog({
  service: 'inventory',
  topics: [stockReservedTopic, stockReleasedTopic, stockCommandsTopic],
});
