import { BadRequestException } from '@nestjs/common';
import { StockController } from './stock.controller';
import type { StockRepository } from './stock.repository';

/** The controller over a repository that records what it was asked to store. */
function controller() {
  const stored: { sku: string; available: number }[] = [];
  const stock = {
    setAvailable: async (sku: string, available: number) => {
      stored.push({ sku, available });
      return { sku, available, reserved: 0 };
    },
  } as unknown as StockRepository;
  return { stock: new StockController(stock), stored };
}

describe('StockController PUT /stock/:sku', () => {
  it('stores the largest level the stock table holds', async () => {
    const { stock, stored } = controller();
    await stock.set('SKU-1', { available: 2_147_483_647 });
    expect(stored).toEqual([{ sku: 'SKU-1', available: 2_147_483_647 }]);
  });

  it('refuses a level above a Postgres integer with a 400 naming the limit, storing nothing', async () => {
    const { stock, stored } = controller();
    const put = stock.set('SKU-1', { available: 3_000_000_000 });
    await expect(put).rejects.toBeInstanceOf(BadRequestException);
    await expect(put).rejects.toThrow(/available.*2147483647/);
    expect(stored).toEqual([]);
  });
});
