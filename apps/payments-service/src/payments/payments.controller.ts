import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { type Payment, PaymentsRepository } from './payments.repository';

/** Read-only view of payments: what the demo and an operator check. */
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsRepository) {}

  /** `GET /payments/order-1`: the payment of an order. */
  @Get(':orderId')
  async get(@Param('orderId') orderId: string): Promise<Payment> {
    // Postgres `text` cannot hold a NUL: no payment has such an order id, and asking was a 500.
    const payment = orderId.includes('\u0000')
      ? undefined
      : await this.payments.findByOrder(orderId);
    if (!payment) throw new NotFoundException(`No payment for order ${orderId}`);
    return payment;
  }
}
