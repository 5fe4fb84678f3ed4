import { Injectable } from '@nestjs/common';
import { SagaCommandHandler } from '@platform/saga-nest';
import { type CommandHandlerContext, failure, type SagaOutcome, success } from '@platform/saga';
import {
  type ReleaseStock,
  releaseStock,
  type ReserveStock,
  reserveStock,
  type StockReservation,
} from '../commands/stock.commands';
import { StockRepository } from './stock.repository';

/**
 * inventory-service's side of sagas. Effects are written with `ctx.tx`: they commit with the reply
 * and the inbox record, so a redelivered command is skipped and a crash before commit leaves
 * nothing behind. Business refusals are replies (`failure`), not exceptions.
 */
@Injectable()
export class StockCommandsHandler {
  constructor(private readonly stock: StockRepository) {}

  @SagaCommandHandler(reserveStock)
  async reserve(
    { orderId, sku, quantity }: ReserveStock,
    { tx }: CommandHandlerContext,
  ): Promise<SagaOutcome<StockReservation>> {
    const result = await this.stock.reserve(tx, orderId, sku, quantity);
    if (result.outcome !== 'reserved') {
      return failure(result.outcome, { sku, requested: quantity, available: result.available });
    }
    return success({ reservationId: result.reservation.orderId, available: result.available });
  }

  @SagaCommandHandler(releaseStock)
  async release(
    { orderId }: ReleaseStock,
    { tx }: CommandHandlerContext,
  ): Promise<SagaOutcome<void>> {
    await this.stock.release(tx, orderId);
    return success();
  }
}
