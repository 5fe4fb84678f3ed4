import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { expectJson } from './http';
import { type RunningDemo, runDemo } from './run-demo';
import { type OrderView, placeOrder, waitForSagaEnd } from './sample-orders';

const ORDERS = 200;
const KILL_AFTER = 60;
const SKU = 'FAULT-SKU';
const STOCK = 1_000;
/** Every fifth order is declined by payments-service (above 1,000.00) and must be compensated. */
const isDeclined = (i: number): boolean => i % 5 === 4;

/**
 * The fault scenario: inventory-service is SIGKILLed during a burst of 200 orders and restarted.
 * Every saga must still reach the state its order calls for, and no stock is reserved twice.
 */
describe('inventory-service SIGKILLed during a burst of 200 orders', () => {
  let database: TestDatabase;
  let db: Client;
  let demo: RunningDemo;
  let ended: OrderView[];
  let reservationsAtKill: number;
  const timeline: Record<string, string> = {};
  const workDir = mkdtempSync(join(tmpdir(), 'demo-fault-'));

  beforeAll(async () => {
    database = await createTestDatabase();
    demo = await runDemo({
      basePort: 3311,
      databaseUrl: database.url,
      schemaPrefix: 'demo_',
      workDir,
      log: () => undefined,
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
    await expectJson('PUT', `${demo.services.inventory.url}/stock/${SKU}`, { available: STOCK });

    // Ids of this run only: a reply left on the topics by an earlier run must never match a saga.
    const run = randomUUID().slice(0, 8);
    const ids = Array.from({ length: ORDERS }, (_, i) => `fault-${run}-${i}`);
    const place = (i: number): Promise<OrderView> =>
      placeOrder(demo.services.orders.url, {
        orderId: ids[i],
        customerId: `customer-${i % 7}`,
        sku: SKU,
        quantity: 1 + (i % 3),
        amountCents: isDeclined(i) ? 150_000 : 1_000 + i,
      });
    // Ten at a time, like a busy front end; the kill lands while commands are in flight.
    for (let i = 0; i < ORDERS; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => place(i + j)));
      if (i + 10 === KILL_AFTER) {
        reservationsAtKill = (
          await db.query('SELECT count(*)::int AS n FROM demo_inventory.reservations')
        ).rows[0].n;
        timeline.kill = new Date().toISOString();
        await demo.services.inventory.stop('SIGKILL');
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    timeline.restart = new Date().toISOString();
    demo.services.inventory.start();
    await demo.services.inventory.waitHealthy(120_000);
    timeline.healthy = new Date().toISOString();
    ended = await Promise.all(
      ids.map((id) => waitForSagaEnd(demo.services.orders.url, id, 180_000)),
    );
  }, 420_000);

  afterAll(async () => {
    await demo?.stop();
    await db?.end();
    await database?.drop();
    if (!process.env.KEEP_FAULT_LOGS) rmSync(workDir, { recursive: true, force: true });
    else console.log(workDir, JSON.stringify(timeline));
  });

  it('killed inventory-service while orders were still waiting for their stock', () => {
    expect(reservationsAtKill).toBeLessThan(ORDERS);
  });

  it('completes every order that can be paid and compensates every declined one', () => {
    const wrong = ended
      .map((order, i) => ({
        order,
        expected: isDeclined(i) ? ['compensated', 'rejected'] : ['completed', 'approved'],
      }))
      .filter(
        ({ order, expected }) => order.saga?.state !== expected[0] || order.status !== expected[1],
      )
      .map(
        ({ order }) =>
          `${order.orderId}: ${order.saga?.state}/${order.status} (${order.reason ?? order.saga?.failureReason})`,
      );
    expect(wrong).toEqual([]);
    expect(
      ended
        .filter((_, i) => isDeclined(i))
        .every((order) => order.reason?.includes('declined')),
    ).toBe(true);
  });

  it('reserves each order once: one reservation per order, stock counts matching them', async () => {
    const reservations = await db.query<{ status: string; n: number; units: number }>(
      'SELECT status, count(*)::int AS n, sum(quantity)::int AS units FROM demo_inventory.reservations WHERE sku = $1 GROUP BY status ORDER BY status',
      [SKU],
    );
    const declined = ended.filter((_, i) => isDeclined(i)).length;
    const approvedUnits = ended
      .filter((_, i) => !isDeclined(i))
      .reduce((sum, order) => sum + order.quantity, 0);
    expect(reservations.rows).toEqual([
      { status: 'released', n: declined, units: expect.any(Number) },
      { status: 'reserved', n: ORDERS - declined, units: approvedUnits },
    ]);
    const stock = await db.query(
      'SELECT available, reserved FROM demo_inventory.stock WHERE sku = $1',
      [SKU],
    );
    expect(stock.rows).toEqual([{ available: STOCK - approvedUnits, reserved: approvedUnits }]);
  });

  it('charges each approved order once and keeps nothing charged for a declined one', async () => {
    const payments = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM demo_payments.payments WHERE order_id LIKE 'fault-%' AND status = 'charged'",
    );
    expect(payments.rows[0].n).toBe(ORDERS - ended.filter((_, i) => isDeclined(i)).length);
  });
});
