import { expectJson, requestJson } from './http';

/** What orders-service's GET /orders/:id answers (the fields the demo reads). */
export interface OrderView {
  orderId: string;
  sku: string;
  quantity: number;
  amountCents: number;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  saga: {
    state: 'running' | 'compensating' | 'completed' | 'compensated' | 'needs-attention';
    failureReason: string | null;
    steps: {
      step: number;
      stepName: string;
      direction: 'forward' | 'compensation';
      event: string;
      reason: string | null;
      at: string;
    }[];
  } | null;
}

export interface SampleOrder {
  label: string;
  request: { customerId: string; sku: string; quantity: number; amountCents: number };
  expected: {
    saga: 'completed' | 'compensated';
    status: 'approved' | 'rejected';
    reason?: string;
    charged: boolean;
  };
}

export const DEMO_SKU = 'DEMO-SKU-1';
export const DEMO_STOCK = 10;

/**
 * One order per path through the saga. payments-service declines amounts above 1,000.00
 * (DECLINE_ABOVE_CENTS in apps/payments-service/src/commands/payment.commands.ts).
 */
export const SAMPLE_ORDERS: readonly SampleOrder[] = [
  {
    label: 'completes',
    request: { customerId: 'alice', sku: DEMO_SKU, quantity: 2, amountCents: 4_990 },
    expected: { saga: 'completed', status: 'approved', charged: true },
  },
  {
    label: 'payment declined: the stock reservation is released',
    request: { customerId: 'bob', sku: DEMO_SKU, quantity: 1, amountCents: 150_000 },
    expected: { saga: 'compensated', status: 'rejected', reason: 'declined', charged: false },
  },
  {
    label: 'out of stock: nothing to release',
    request: { customerId: 'carol', sku: DEMO_SKU, quantity: 50, amountCents: 1_000 },
    expected: { saga: 'compensated', status: 'rejected', reason: 'out-of-stock', charged: false },
  },
];

/** Units left once every sample order ended: only the completed ones keep their reservation. */
export function expectedStock(orders: readonly SampleOrder[] = SAMPLE_ORDERS): {
  available: number;
  reserved: number;
} {
  const reserved = orders
    .filter((order) => order.expected.saga === 'completed')
    .reduce((sum, order) => sum + order.request.quantity, 0);
  return { available: DEMO_STOCK - reserved, reserved };
}

const TERMINAL = new Set(['completed', 'compensated', 'needs-attention']);

export async function placeOrder(
  ordersUrl: string,
  request: SampleOrder['request'] & { orderId?: string },
): Promise<OrderView> {
  return expectJson<OrderView>('POST', `${ordersUrl}/orders`, request);
}

/** Polls GET /orders/:id until its saga has ended. */
export async function waitForSagaEnd(
  ordersUrl: string,
  orderId: string,
  timeoutMs: number,
): Promise<OrderView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await requestJson<OrderView>('GET', `${ordersUrl}/orders/${orderId}`);
    if (status === 200 && body.saga && TERMINAL.has(body.saga.state)) return body;
    if (Date.now() > deadline) {
      throw new Error(
        `order ${orderId}: saga still ${status === 200 ? body.saga?.state : `unreadable (${status})`} after ${timeoutMs / 1000} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
