import { createTestDatabase, testBrokers, type TestDatabase } from '@platform/testing';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { WORKSPACE_ROOT } from './services';
import { countKeysOnTopic } from './topic-reader';

/** `npm run demo -- --once` as CI runs it, then its outcome read from each service's schema and from the topics. */
describe('npm run demo -- --once on the real broker and Postgres', () => {
  let database: TestDatabase;
  let db: Client;
  let run: { code: number | null; output: string };
  const workDir = mkdtempSync(join(tmpdir(), 'demo-once-'));

  beforeAll(async () => {
    database = await createTestDatabase();
    run = await new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        ['-r', '@swc-node/register', 'tools/demo/src/main.ts', '--once', '--port', '3301'],
        {
          cwd: WORKSPACE_ROOT,
          env: {
            ...process.env,
            KAFKA_BROKERS: testBrokers().join(','),
            DATABASE_URL: database.url,
            DEMO_WORK_DIR: workDir,
            FORCE_COLOR: '1',
          },
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk));
      child.on('exit', (code) => resolve({ code, output }));
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await database?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const orderIds = async (status: string): Promise<string[]> =>
    (
      await db.query<{ id: string }>(
        'SELECT id FROM demo_orders.orders WHERE status = $1 ORDER BY id',
        [status],
      )
    ).rows.map((row) => row.id);

  it('exits 0 after printing each saga timeline', () => {
    expect({ code: run.code, tail: run.output.slice(-3000) }).toMatchObject({ code: 0 });
    expect(run.output).toContain('every saga ended as expected');
    expect(run.output).toMatch(/↩ undo reserve-stock +release-stock sent/);
  });

  it("writes each service's log as plain text, without colour codes, even when FORCE_COLOR is set", () => {
    for (const service of ['orders', 'inventory', 'payments']) {
      const log = readFileSync(join(workDir, 'logs', `${service}.log`), 'utf8');
      expect(log).toContain(`${service}-service listening on port`);
      expect({ service, colourCodes: log.includes('\u001b[') }).toEqual({
        service,
        colourCodes: false,
      });
    }
  });

  it('leaves one approved and two rejected orders in orders-service, with their sagas finished', async () => {
    expect(await orderIds('approved')).toHaveLength(1);
    const rejected = await db.query<{ reason: string }>(
      "SELECT reason FROM demo_orders.orders WHERE status = 'rejected' ORDER BY reason",
    );
    expect(rejected.rows.map((row) => row.reason)).toEqual([
      'charge-payment: declined',
      'reserve-stock: out-of-stock',
    ]);
    const sagas = await db.query<{ state: string; n: number }>(
      'SELECT state, count(*)::int AS n FROM demo_orders.saga_instances GROUP BY state ORDER BY state',
    );
    expect(sagas.rows).toEqual([
      { state: 'compensated', n: 2 },
      { state: 'completed', n: 1 },
    ]);
  });

  it('keeps only the approved order reserved in inventory-service: the declined one was released', async () => {
    const stock = await db.query('SELECT available, reserved FROM demo_inventory.stock');
    expect(stock.rows).toEqual([{ available: 8, reserved: 2 }]);
    const reservations = await db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM demo_inventory.reservations GROUP BY status ORDER BY status',
    );
    expect(reservations.rows).toEqual([
      { status: 'released', n: 1 },
      { status: 'reserved', n: 1 },
    ]);
  });

  it('charged only the approved order in payments-service', async () => {
    const payments = await db.query('SELECT order_id, status FROM demo_payments.payments');
    expect(payments.rows).toEqual([
      { order_id: (await orderIds('approved'))[0], status: 'charged' },
    ]);
  });

  it('published orders.order.created and payments.payment.processed, keyed by their entity ids', async () => {
    const approved = await orderIds('approved');
    const all = [...approved, ...(await orderIds('rejected'))].sort();
    const brokers = testBrokers();
    expect(
      [...(await countKeysOnTopic(brokers, 'orders.order.created', all)).keys()].sort(),
    ).toEqual(all);
    const payment = await db.query<{ payment_id: string }>(
      'SELECT payment_id FROM demo_payments.payments',
    );
    const paymentIds = payment.rows.map((row) => row.payment_id);
    expect([
      ...(await countKeysOnTopic(brokers, 'payments.payment.processed', paymentIds)).keys(),
    ]).toEqual(paymentIds);
  });
});
