import { BadRequestException, NotFoundException } from '@nestjs/common';
import { StockController } from './stock.controller';
import type { StockRepository } from './stock.repository';

/** The controller over a repository that records what it was asked to store. */
function controller() {
  const stored: { sku: string; available: number }[] = [];
  const stock = {
    // Postgres refuses a NUL in text: the controller must not get that far.
    level: async (sku: string) => {
      if (sku.includes('\u0000'))
        throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
      return undefined;
    },
    setAvailable: async (sku: string, available: number) => {
      if (sku.includes('\u0000'))
        throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
      stored.push({ sku, available });
      return { outcome: 'set', level: { sku, available, reserved: 0 } };
    },
  } as unknown as StockRepository;
  return { stock: new StockController(stock), stored };
}

describe('StockController PUT /stock/:sku', () => {
  it('stores the largest level the stock table holds', async () => {
    const { stock, stored } = controller();
    await expect(stock.set('SKU-1', { available: 2_147_483_647 })).resolves.toEqual({
      sku: 'SKU-1',
      available: 2_147_483_647,
      reserved: 0,
    });
    expect(stored).toEqual([{ sku: 'SKU-1', available: 2_147_483_647 }]);
  });

  it('refuses a level above a Postgres integer with a 400 naming the limit, storing nothing', async () => {
    const { stock, stored } = controller();
    const put = stock.set('SKU-1', { available: 3_000_000_000 });
    await expect(put).rejects.toBeInstanceOf(BadRequestException);
    await expect(put).rejects.toThrow(/available.*2147483647/);
    expect(stored).toEqual([]);
  });

  it('refuses a SKU with a NUL character (which Postgres cannot store) with a 400, storing nothing', async () => {
    const { stock, stored } = controller();
    const put = stock.set('SKU\u0000-1', { available: 10 });
    await expect(put).rejects.toBeInstanceOf(BadRequestException);
    await expect(put).rejects.toThrow(/NUL/);
    expect(stored).toEqual([]);
  });
});

describe('StockController GET /stock/:sku', () => {
  it('answers 404 for a SKU with a NUL character, which no stock row can have', async () => {
    await expect(controller().stock.get('SKU\u0000-1')).rejects.toBeInstanceOf(NotFoundException);
  });
});
