import { type Database, migrate, openDatabase } from '@platform/database';
import { createOutbox, migrateOutbox } from '@platform/outbox';
import type { CommandHandlerContext } from '@platform/saga';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { serviceCatalog } from '../app/service-catalog';
import { StockCommandsHandler } from './stock-commands.handler';
import { STOCK_MIGRATION_NAMESPACE, stockMigrations } from './stock.migrations';
import { StockRepository } from './stock.repository';

/** The largest value of the stock table's `integer` columns. */
const MAX_INTEGER = 2_147_483_647;

describe('StockCommandsHandler reserve-stock (real Postgres)', () => {
  let database: TestDatabase;
  let db: Database;
  let stock: StockRepository;
  let handler: StockCommandsHandler;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ url: database.url });
    await migrateOutbox(db);
    await migrate(db, { namespace: STOCK_MIGRATION_NAMESPACE, migrations: stockMigrations });
    stock = new StockRepository(db, createOutbox({ catalog: serviceCatalog }));
    handler = new StockCommandsHandler(stock);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  // The handler reads only the transaction of its context.
  const reserve = (orderId: string, sku: string, quantity: number) =>
    db.transaction((tx) =>
      handler.reserve({ orderId, sku, quantity }, { tx } as CommandHandlerContext),
    );

  it('answers out-of-stock, changing nothing, when reserved + quantity would overflow its integer column', async () => {
    // Units reserved, then the level set to the most the column holds: PUT /stock keeps reservations.
    await stock.setAvailable('SKU-BIG', 10);
    await expect(reserve('order-1', 'SKU-BIG', 10)).resolves.toMatchObject({ outcome: 'success' });
    await stock.setAvailable('SKU-BIG', MAX_INTEGER);

    await expect(reserve('order-2', 'SKU-BIG', MAX_INTEGER)).resolves.toEqual({
      outcome: 'failure',
      reason: 'out-of-stock',
      details: { sku: 'SKU-BIG', requested: MAX_INTEGER, available: MAX_INTEGER },
    });
    expect(await stock.level('SKU-BIG')).toEqual({
      sku: 'SKU-BIG',
      available: MAX_INTEGER,
      reserved: 10,
    });
    expect(await stock.reservationsOf('SKU-BIG')).toHaveLength(1);
  });

  it('still reserves up to what the column holds', async () => {
    await expect(reserve('order-3', 'SKU-BIG', MAX_INTEGER - 10)).resolves.toMatchObject({
      outcome: 'success',
      payload: { reservationId: 'order-3', available: 10 },
    });
    expect(await stock.level('SKU-BIG')).toEqual({
      sku: 'SKU-BIG',
      available: 10,
      reserved: MAX_INTEGER,
    });
  });

  it('answers out-of-stock for a quantity above what an integer column holds', async () => {
    await stock.setAvailable('SKU-HUGE', 5);
    await expect(reserve('order-4', 'SKU-HUGE', 3_000_000_000)).resolves.toEqual({
      outcome: 'failure',
      reason: 'out-of-stock',
      details: { sku: 'SKU-HUGE', requested: 3_000_000_000, available: 5 },
    });
  });

  it('answers unknown-sku for such a quantity of a SKU that does not exist', async () => {
    await expect(reserve('order-5', 'SKU-NONE', 3_000_000_000)).resolves.toMatchObject({
      outcome: 'failure',
      reason: 'unknown-sku',
    });
  });
});
