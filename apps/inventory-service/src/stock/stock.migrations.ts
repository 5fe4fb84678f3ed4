import { defineMigrations } from '@platform/database';

/**
 * inventory-service's own tables (namespace `inventory`, in its schema). Shipped migrations are
 * never edited: add the next one.
 */
export const STOCK_MIGRATION_NAMESPACE = 'inventory';

export const stockMigrations = defineMigrations([
  {
    name: '0001_stock_and_reservations',
    sql: `
      CREATE TABLE stock (
        sku        text PRIMARY KEY,
        available  integer NOT NULL CHECK (available >= 0),
        reserved   integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- One reservation per order: the primary key is what makes "reserved twice" impossible.
      CREATE TABLE reservations (
        order_id    text PRIMARY KEY,
        sku         text NOT NULL REFERENCES stock (sku),
        quantity    integer NOT NULL CHECK (quantity > 0),
        status      text NOT NULL CHECK (status IN ('reserved', 'released')),
        created_at  timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz
      );
    `,
  },
]);
