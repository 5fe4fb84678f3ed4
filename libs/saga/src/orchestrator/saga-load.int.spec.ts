import { uniqueName } from '@platform/testing';
import { createOrderSaga } from '../fixtures/create-order-saga';
import { sagaTopology } from '../fixtures/saga-node';
import { type SagaSystem, startSagaSystem } from '../fixtures/saga-system';
import { waitFor } from '../fixtures/wait-for';

const SAGAS = 1_000;
const topology = sagaTopology(uniqueName('sl').replace(/-/g, ''), 6);
// Deadlines far beyond what the test takes: a timed-out step would be compensated and counted twice below.
const definition = createOrderSaga({ topics: topology.topics, stepTimeoutMs: 120_000, compensation: { timeoutMs: 120_000 } });

/** Every 10th order is refused its payment, every 25th (not also a 10th) its shipment. */
function failingStep(i: number): string | undefined {
  if (i % 10 === 0) return 'authorize-payment';
  if (i % 25 === 0) return 'schedule-shipment';
  return undefined;
}

const EXPECTED_COMMANDS: Record<string, string> = {
  none: 'reserve-stock,authorize-payment,schedule-shipment',
  'authorize-payment': 'reserve-stock,release-stock',
  'schedule-shipment': 'reserve-stock,authorize-payment,void-payment,release-stock',
};

describe(`${SAGAS} concurrent sagas over real Kafka and Postgres`, () => {
  let system: SagaSystem;

  beforeAll(async () => {
    system = await startSagaSystem({
      clientId: 'saga-load',
      topology,
      orders: { sagas: [definition], deadlines: { pollIntervalMs: 200 } },
      participants: {
        behaviour: (command) => (failingStep(Number(command.payload.orderId.slice(6))) === command.command ? 'fail' : 'ok'),
      },
    });
  }, 60_000);

  afterAll(() => system?.stop());

  it('every saga reaches a terminal state, and each compensated one undid exactly what it had done', async () => {
    const started = performance.now();
    for (let from = 0; from < SAGAS; from += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, k) => from + k).map((i) =>
          system.orders.orchestrator.start(definition, { orderId: `order-${i}`, sku: 'sku', quantity: 1, amount: 10 }, { id: `saga-${i}` }),
        ),
      );
    }
    const finished = async (): Promise<number> => {
      const counts = await system.orders.orchestrator.countByState();
      return counts.filter((c) => c.state === 'completed' || c.state === 'compensated').reduce((sum, c) => sum + c.count, 0);
    };
    await waitFor(`${SAGAS} sagas to finish`, async () => (await finished()) === SAGAS, 90_000, 200);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${SAGAS} sagas finished in ${seconds.toFixed(1)} s (${Math.round(SAGAS / seconds)} sagas/s)`);

    const expectedFailures = Array.from({ length: SAGAS }, (_, i) => failingStep(i)).filter(Boolean).length;
    expect(await system.orders.orchestrator.countByState()).toEqual([
      { type: 'create-order', state: 'compensated', count: expectedFailures },
      { type: 'create-order', state: 'completed', count: SAGAS - expectedFailures },
    ]);
    const { rows } = await system.databases.participants.db.query<{ order_id: string; commands: string }>(
      "SELECT order_id, string_agg(command, ',' ORDER BY seq) AS commands FROM handled_commands GROUP BY order_id",
    );
    const actual = new Map(rows.map((row) => [row.order_id, row.commands]));
    for (let i = 0; i < SAGAS; i++) expect([`order-${i}`, actual.get(`order-${i}`)]).toEqual([`order-${i}`, EXPECTED_COMMANDS[failingStep(i) ?? 'none']]);
  }, 120_000);
});
