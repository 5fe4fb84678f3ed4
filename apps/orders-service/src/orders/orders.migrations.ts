import { defineMigrations } from '@platform/database';

/** orders-service's own tables (namespace `orders`, in its schema). Shipped migrations are never edited. */
export const ORDERS_MIGRATION_NAMESPACE = 'orders';

export const ordersMigrations = defineMigrations([
  {
    name: '0001_orders',
    sql: `
      CREATE TABLE orders (
        id           text PRIMARY KEY,
        customer_id  text NOT NULL,
        sku          text NOT NULL,
        quantity     integer NOT NULL CHECK (quantity > 0),
        amount_cents integer NOT NULL CHECK (amount_cents > 0),
        status       text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        reason       text,
        payment_id   text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
]);
