import { defineMigrations } from '@platform/database';

/** payments-service's own tables (namespace `payments`, in its schema). Shipped migrations are never edited. */
export const PAYMENTS_MIGRATION_NAMESPACE = 'payments';

export const paymentsMigrations = defineMigrations([
  {
    name: '0001_payments',
    sql: `
      -- One payment per order: the primary key makes a repeated charge find the first one.
      CREATE TABLE payments (
        order_id     text PRIMARY KEY,
        payment_id   text NOT NULL UNIQUE,
        customer_id  text NOT NULL,
        amount_cents integer NOT NULL CHECK (amount_cents > 0),
        status       text NOT NULL CHECK (status IN ('charged', 'refunded')),
        charged_at   timestamptz NOT NULL DEFAULT now(),
        refunded_at  timestamptz
      );
    `,
  },
]);
