import { createTestDatabase, type TestDatabase } from '@platform/testing';
import type { Database } from './database';
import { defineMigrations, migrate } from './migrations';
import { openDatabase } from './open-database';

const itemsMigration = defineMigrations([{ name: '0001_items', sql: 'CREATE TABLE items (id int PRIMARY KEY)' }]);

describe('a schema per service on one Postgres database', () => {
  let server: TestDatabase;
  let orders: Database;
  let payments: Database;

  beforeAll(async () => {
    server = await createTestDatabase();
    [orders, payments] = await Promise.all([
      openDatabase({ url: server.url, schema: 'orders' }),
      openDatabase({ url: server.url, schema: 'payments' }),
    ]);
  });

  afterAll(async () => {
    await orders?.close();
    await payments?.close();
    await server?.drop();
  });

  it('creates each schema and gives every pooled connection its search_path', async () => {
    const perConnection = await Promise.all(
      Array.from({ length: 12 }, () => orders.query<{ schema: string }>('SELECT current_schema() AS schema')),
    );
    expect(new Set(perConnection.map(({ rows }) => rows[0].schema))).toEqual(new Set(['orders']));
    expect(await orders.transaction(async (tx) => (await tx.query<{ s: string }>('SELECT current_schema() AS s')).rows[0].s)).toBe('orders');
  });

  it('keeps the same unqualified tables and migrations apart', async () => {
    await migrate(orders, { namespace: 'shop', migrations: itemsMigration });
    await migrate(payments, { namespace: 'shop', migrations: itemsMigration });
    await orders.query('INSERT INTO items (id) VALUES (1), (2)');
    await payments.query('INSERT INTO items (id) VALUES (3)');
    expect((await orders.query('SELECT id FROM items ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
    expect((await payments.query('SELECT id FROM items')).rows).toEqual([{ id: 3 }]);
    const { rows } = await orders.query<{ table_schema: string }>(
      "SELECT table_schema FROM information_schema.tables WHERE table_name IN ('items', 'platform_migrations') ORDER BY 1",
    );
    expect(rows.map((row) => row.table_schema)).toEqual(['orders', 'orders', 'payments', 'payments']);
  });

  it('keeps its schema when the URL sets other session options (?options=-c …)', async () => {
    const url = `${server.url}?options=${encodeURIComponent('-c statement_timeout=5000')}`;
    const db = await openDatabase({ url, schema: 'shipping' });
    try {
      expect((await db.query('SELECT current_schema() AS s, current_setting($1) AS t', ['statement_timeout'])).rows).toEqual([
        { s: 'shipping', t: '5s' },
      ]);
    } finally {
      await db.close();
    }
  });

  it('opens an existing schema again (a restart)', async () => {
    const again = await openDatabase({ url: server.url, schema: 'orders' });
    try {
      expect((await again.query('SELECT count(*)::int AS n FROM items')).rows).toEqual([{ n: 2 }]);
    } finally {
      await again.close();
    }
  });
});

describe('a schema on PGlite', () => {
  it('is created and first on the search_path of its one connection', async () => {
    const db = await openDatabase({ driver: 'pglite', schema: 'inventory' });
    try {
      await db.exec('CREATE TABLE stock (sku text PRIMARY KEY)');
      const { rows } = await db.query("SELECT table_schema FROM information_schema.tables WHERE table_name = 'stock'");
      expect(rows).toEqual([{ table_schema: 'inventory' }]);
    } finally {
      await db.close();
    }
  });
});

describe('a PGlite folder', () => {
  it('is created with its missing parents', async () => {
    const { mkdtempSync, rmSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(join(tmpdir(), 'pglite-parents-'));
    const db = await openDatabase({ dataDir: join(root, 'demo', 'data', 'orders') });
    try {
      expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(existsSync(join(root, 'demo', 'data', 'orders'))).toBe(true);
    } finally {
      await db.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('an invalid schema name', () => {
  it.each(['Orders', 'order-history', 'x; DROP TABLE y', '1abc', ''])('%j is refused before anything connects', async (schema) => {
    // An unreachable server: a connection attempt would fail differently (and slowly).
    await expect(openDatabase({ url: 'postgres://nobody@127.0.0.1:1/none', schema })).rejects.toThrow(
      /Invalid schema .*expected lowercase letters, digits and underscores.*e\.g\. "orders"/,
    );
  });
});
