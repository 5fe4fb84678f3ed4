import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { type Payment, PaymentsRepository } from './payments.repository';

/** Read-only view of payments: what the demo and an operator check. */
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsRepository) {}

  /** `GET /payments/order-1`: the payment of an order. */
  @Get(':orderId')
  async get(@Param('orderId') orderId: string): Promise<Payment> {
    const payment = await this.payments.findByOrder(orderId);
    if (!payment) throw new NotFoundException(`No payment for order ${orderId}`);
    return payment;
  }
}
