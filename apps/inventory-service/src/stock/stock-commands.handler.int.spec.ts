import { BadRequestException } from '@nestjs/common';
import { type Database, migrate, openDatabase } from '@platform/database';
import { createOutbox, migrateOutbox } from '@platform/outbox';
import type { CommandHandlerContext } from '@platform/saga';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { serviceCatalog } from '../app/service-catalog';
import { StockCommandsHandler } from './stock-commands.handler';
import { StockController } from './stock.controller';
import { STOCK_MIGRATION_NAMESPACE, stockMigrations } from './stock.migrations';
import { StockRepository } from './stock.repository';

/** The largest value of the stock table's `integer` columns. */
const MAX_INTEGER = 2_147_483_647;

describe('StockCommandsHandler and PUT /stock (real Postgres)', () => {
  let database: TestDatabase;
  let db: Database;
  let stock: StockRepository;
  let handler: StockCommandsHandler;
  let controller: StockController;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ url: database.url });
    await migrateOutbox(db);
    await migrate(db, { namespace: STOCK_MIGRATION_NAMESPACE, migrations: stockMigrations });
    stock = new StockRepository(db, createOutbox({ catalog: serviceCatalog }));
    handler = new StockCommandsHandler(stock);
    controller = new StockController(stock);
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
  const release = (orderId: string) =>
    db.transaction((tx) => handler.release({ orderId }, { tx } as CommandHandlerContext));

  describe('reserve-stock', () => {
    it('answers out-of-stock, changing nothing, when reserved + quantity would overflow its integer column', async () => {
      // Units reserved, then the level set to the most the column holds, as PUT /stock could before
      // it refused a level that passes the maximum with the units reserved: such rows may remain.
      await controller.set('SKU-BIG', { available: 10 });
      await expect(reserve('order-1', 'SKU-BIG', 10)).resolves.toMatchObject({
        outcome: 'success',
      });
      await db.query('UPDATE stock SET available = $2 WHERE sku = $1', ['SKU-BIG', MAX_INTEGER]);

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
      await controller.set('SKU-HUGE', { available: 5 });
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

  describe('PUT /stock and release-stock', () => {
    it('refuses with a 400 a level that, with the units reserved, passes the maximum, writing nothing', async () => {
      await controller.set('SKU-FULL', { available: 10 });
      await expect(reserve('order-10', 'SKU-FULL', 10)).resolves.toMatchObject({
        outcome: 'success',
      });

      const put = controller.set('SKU-FULL', { available: MAX_INTEGER });
      await expect(put).rejects.toBeInstanceOf(BadRequestException);
      await expect(put).rejects.toThrow(
        `Invalid stock for SKU-FULL: available ${MAX_INTEGER} plus the 10 units reserved would pass ${MAX_INTEGER}, the most a SKU holds; set available to at most ${MAX_INTEGER - 10}.`,
      );
      expect(await stock.level('SKU-FULL')).toEqual({
        sku: 'SKU-FULL',
        available: 0,
        reserved: 10,
      });
    });

    it('takes the highest level that fits, and the compensation then releases to the maximum', async () => {
      await expect(controller.set('SKU-FULL', { available: MAX_INTEGER - 10 })).resolves.toEqual({
        sku: 'SKU-FULL',
        available: MAX_INTEGER - 10,
        reserved: 10,
      });
      await expect(release('order-10')).resolves.toMatchObject({ outcome: 'success' });
      expect(await stock.level('SKU-FULL')).toEqual({
        sku: 'SKU-FULL',
        available: MAX_INTEGER,
        reserved: 0,
      });
    });

    it('sets the maximum on a SKU with nothing reserved, and creates a SKU at the maximum', async () => {
      await expect(controller.set('SKU-FULL', { available: MAX_INTEGER })).resolves.toEqual({
        sku: 'SKU-FULL',
        available: MAX_INTEGER,
        reserved: 0,
      });
      await expect(controller.set('SKU-NEW', { available: MAX_INTEGER })).resolves.toEqual({
        sku: 'SKU-NEW',
        available: MAX_INTEGER,
        reserved: 0,
      });
    });
  });
});
