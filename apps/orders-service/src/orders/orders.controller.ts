import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { SagaOrchestrator, type SagaHistoryEntry, type SagaState } from '@platform/saga';
import { randomUUID } from 'node:crypto';
import { PlaceOrderSaga } from '../sagas/place-order.saga';
import { type Order, OrdersRepository } from './orders.repository';
import {
  describeInvalidRequest,
  ORDER_ID,
  PlaceOrderRequest,
  placeOrderRequestExample,
} from './place-order.request';

export interface OrderView extends Order {
  saga: { state: SagaState; failureReason: string | null; steps: SagaHistoryEntry[] } | null;
}

/** What a repeated POST /orders must repeat for its orderId. */
const ORDER_FIELDS = ['customerId', 'sku', 'quantity', 'amountCents'] as const;

/** `POST /orders` starts the place-order saga; `GET /orders/:id` shows the order and its saga's steps. */
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly sagas: SagaOrchestrator,
    private readonly placeOrder: PlaceOrderSaga,
  ) {}

  /**
   * 202: the order is created (pending) in the saga's first transaction; the rest happens over
   * Kafka. The saga id is the order id, so a repeated POST with the same orderId starts nothing new;
   * one with another body is a 409, not the first order passed off as the one just asked for.
   */
  @Post()
  @HttpCode(202)
  async place(@Body() body: unknown): Promise<OrderView> {
    if (body === undefined) {
      // No body parser took it (text/plain, no Content-Type): its type is what to fix, not its fields.
      throw new BadRequestException(
        `Invalid order: no JSON body; send it with Content-Type: application/json. Example: ${JSON.stringify(placeOrderRequestExample)}`,
      );
    }
    const parsed = PlaceOrderRequest.safeParse(body);
    if (!parsed.success) throw new BadRequestException(describeInvalidRequest(parsed.error));
    const { orderId = randomUUID(), ...order } = parsed.data;
    await this.sagas.start(this.placeOrder.definition, { orderId, ...order }, { id: orderId });
    const placed = await this.get(orderId);
    const differences = ORDER_FIELDS.filter((field) => placed[field] !== order[field]).map(
      (field) => `${field} ${placed[field]}, not ${order[field]}`,
    );
    if (differences.length > 0) {
      throw new ConflictException(
        `Order ${orderId} was placed already with other details (${differences.join(', ')}): ` +
          'a retry must send the same body; a new order needs a new orderId',
      );
    }
    return placed;
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<OrderView> {
    // No order has it, and the database refuses some (a NUL, a 500): not asked.
    if (!ORDER_ID.test(id)) throw new NotFoundException(`No order ${id}`);
    // The saga first: the order row changes in the same transactions as the saga, so an order read
    // after a finished saga is at least as new as it. The other way round, a saga that finished
    // between the two reads would show next to its order's earlier status.
    const saga = await this.sagas.find(id);
    const order = await this.orders.find(id);
    if (!order) throw new NotFoundException(`No order ${id}`);
    return {
      ...order,
      saga: saga
        ? { state: saga.state, failureReason: saga.failureReason, steps: saga.history }
        : null,
    };
  }
}
