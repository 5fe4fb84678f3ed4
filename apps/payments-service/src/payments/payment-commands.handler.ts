import { Injectable } from '@nestjs/common';
import { type CommandHandlerContext, failure, type SagaOutcome, success } from '@platform/saga';
import { SagaCommandHandler } from '@platform/saga-nest';
import {
  type ChargePayment,
  chargePayment,
  DECLINE_ABOVE_CENTS,
  type PaymentCharged,
  type RefundPayment,
  refundPayment,
} from '../commands/payment.commands';
import { PaymentsRepository } from './payments.repository';

/**
 * payments-service's side of sagas. Effects are written with `ctx.tx` and commit with the reply
 * and the inbox record. A decline is a reply (`failure('declined')`), not an exception.
 */
@Injectable()
export class PaymentCommandsHandler {
  constructor(private readonly payments: PaymentsRepository) {}

  @SagaCommandHandler(chargePayment)
  async charge(
    { orderId, customerId, amountCents }: ChargePayment,
    { tx }: CommandHandlerContext,
  ): Promise<SagaOutcome<PaymentCharged>> {
    if (amountCents > DECLINE_ABOVE_CENTS) {
      return failure('declined', { amountCents, limitCents: DECLINE_ABOVE_CENTS });
    }
    const payment = await this.payments.charge(tx, orderId, customerId, amountCents);
    return success({ paymentId: payment.paymentId });
  }

  @SagaCommandHandler(refundPayment)
  async refund(
    { orderId }: RefundPayment,
    { tx }: CommandHandlerContext,
  ): Promise<SagaOutcome<void>> {
    await this.payments.refund(tx, orderId);
    return success();
  }
}
