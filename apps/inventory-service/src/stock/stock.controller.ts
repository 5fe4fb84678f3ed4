import {
  BadRequestException,
  Body,
  Controller,
  Get,
  NotFoundException,
  Param,
  Put,
} from '@nestjs/common';
import { z } from 'zod';
import { MAX_UNITS, type Reservation, type StockLevel, StockRepository } from './stock.repository';

/** stock.available is a Postgres `integer`: a larger level was a 500 from the insert. */
const SetStock = z.object({ available: z.number().int().nonnegative().max(MAX_UNITS) });

/** stock.sku is Postgres `text`, which cannot hold a NUL: such a SKU was a 500 from the query. */
function isStorableSku(sku: string): boolean {
  return !sku.includes('\u0000');
}

/** Stock levels over HTTP: what the demo seeds and checks, and what an operator would look at. */
@Controller('stock')
export class StockController {
  constructor(private readonly stock: StockRepository) {}

  /** `PUT /stock/SKU-1 {"available": 10}`: sets the units that can be reserved. */
  @Put(':sku')
  async set(@Param('sku') sku: string, @Body() body: unknown): Promise<StockLevel> {
    if (!isStorableSku(sku)) {
      throw new BadRequestException(
        `Invalid SKU ${JSON.stringify(sku)}: a SKU has no NUL character, e.g. PUT /stock/SKU-1`,
      );
    }
    const parsed = SetStock.safeParse(body);
    if (!parsed.success) {
      throw new BadRequestException(
        `Invalid stock for ${sku}: expected {"available": <whole number from 0 to ${MAX_UNITS}>}, e.g. {"available": 10}`,
      );
    }
    const result = await this.stock.setAvailable(sku, parsed.data.available);
    if (result.outcome === 'over-limit') {
      // Refused rather than stored: releasing those reserved units would overflow available.
      throw new BadRequestException(
        `Invalid stock for ${sku}: available ${parsed.data.available} plus the ${result.reserved} units reserved would pass ${MAX_UNITS}, the most a SKU holds; set available to at most ${MAX_UNITS - result.reserved}.`,
      );
    }
    return result.level;
  }

  /** `GET /stock/SKU-1`: the level and every reservation of the SKU. */
  @Get(':sku')
  async get(@Param('sku') sku: string): Promise<StockLevel & { reservations: Reservation[] }> {
    const level = isStorableSku(sku) ? await this.stock.level(sku) : undefined;
    if (!level)
      throw new NotFoundException(
        `Unknown SKU ${sku}: create it with PUT /stock/${sku} {"available": 10}`,
      );
    return { ...level, reservations: await this.stock.reservationsOf(sku) };
  }
}
