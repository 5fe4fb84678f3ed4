import { requestJson } from './http';
import { countKeysOnTopic } from './topic-reader';
import { DEMO_SKU, expectedStock, type OrderView, type SampleOrder } from './sample-orders';

/**
 * What must hold once the sample orders ended, read back from each service over HTTP: the order
 * and its saga in orders, the stock in inventory, the payment in payments. Returns the problems.
 */
export async function checkSampleOutcomes(
  urls: { inventory: string; payments: string },
  results: readonly { sample: SampleOrder; order: OrderView }[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const { sample, order } of results) {
    const where = `order ${order.orderId} (${sample.label})`;
    if (order.saga?.state !== sample.expected.saga)
      problems.push(`${where}: saga ${order.saga?.state}, expected ${sample.expected.saga}`);
    if (order.status !== sample.expected.status)
      problems.push(`${where}: status ${order.status}, expected ${sample.expected.status}`);
    if (sample.expected.reason && !order.reason?.includes(sample.expected.reason)) {
      problems.push(
        `${where}: reason ${JSON.stringify(order.reason)}, expected one mentioning ${sample.expected.reason}`,
      );
    }
    const payment = await requestJson<{ status: string }>(
      'GET',
      `${urls.payments}/payments/${order.orderId}`,
    );
    const charged = payment.status === 200 && payment.body.status === 'charged';
    if (charged !== sample.expected.charged)
      problems.push(
        `${where}: payment ${payment.status === 200 ? payment.body.status : 'none'}, expected ${sample.expected.charged ? 'charged' : 'none or refunded'}`,
      );
  }
  const stock = await requestJson<{ available: number; reserved: number }>(
    'GET',
    `${urls.inventory}/stock/${DEMO_SKU}`,
  );
  const expected = expectedStock(results.map((result) => result.sample));
  if (
    stock.status !== 200 ||
    stock.body.available !== expected.available ||
    stock.body.reserved !== expected.reserved
  ) {
    problems.push(
      `stock of ${DEMO_SKU}: ${JSON.stringify(stock.body)}, expected ${JSON.stringify(expected)}`,
    );
  }
  return problems;
}

/**
 * Each order's outcome event on its topic (orders.order.approved or .rejected, keyed by order id):
 * the outbox relays published what the sagas committed. Returns the problems.
 */
export async function checkOutcomeEvents(
  brokers: readonly string[],
  results: readonly { order: OrderView }[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const status of ['approved', 'rejected'] as const) {
    const keys = results
      .filter(({ order }) => order.status === status)
      .map(({ order }) => order.orderId);
    if (keys.length === 0) continue;
    const seen = await countKeysOnTopic(brokers, `orders.order.${status}`, keys);
    for (const key of keys)
      if (!seen.has(key))
        problems.push(`order ${key}: no event on orders.order.${status} within 30 s`);
  }
  return problems;
}
