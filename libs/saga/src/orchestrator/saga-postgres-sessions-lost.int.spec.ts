import { endSessions, uniqueName } from '@platform/testing';
import { createOrderSaga } from '../fixtures/create-order-saga';
import { sagaTopology } from '../fixtures/saga-node';
import { type SagaSystem, startSagaSystem } from '../fixtures/saga-system';
import { waitFor } from '../fixtures/wait-for';

const SAGAS = 300;
const topology = sagaTopology(uniqueName('sp').replace(/-/g, ''), 6);
// Deadlines far beyond what the test takes: a timeout would compensate a saga the test expects completed.
const definition = createOrderSaga({
  topics: topology.topics,
  stepTimeoutMs: 120_000,
  compensation: { timeoutMs: 120_000 },
});

/**
 * What a Postgres failover or restart does to both services of a saga: the server ends every
 * session of their databases (the orchestrator's group commits, both relays and their LISTEN
 * connections, the participants' inbox transactions) while sagas are in flight, three times.
 */
describe(`${SAGAS} sagas while Postgres ends the services' sessions`, () => {
  let system: SagaSystem;

  beforeAll(async () => {
    system = await startSagaSystem({
      clientId: 'saga-pg-sessions',
      topology,
      orders: { sagas: [definition], deadlines: { pollIntervalMs: 200 } },
    });
  }, 60_000);

  afterAll(() => system?.stop());

  it('every saga completes, and each participant applied each of its commands once', async () => {
    let ended = 0;
    for (let from = 0; from < SAGAS; from += 50) {
      const batch = Array.from({ length: 50 }, (_, k) => from + k);
      await startRetryingLostSessions(() =>
        Promise.all(
          batch.map((i) =>
            system.orders.orchestrator.start(
              definition,
              { orderId: `order-${i}`, sku: 'sku', quantity: 1, amount: 10 },
              { id: `saga-${i}` },
            ),
          ),
        ),
      );
      // Mid-flight: the sagas just started are sending commands and applying replies.
      if (from % 100 === 50) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ended += await endSessions([
          system.databases.orders.url,
          system.databases.participants.url,
        ]);
      }
    }
    // The test's own query may be handed a pooled session that was ended a moment ago: not yet, then.
    const completed = async (): Promise<number> =>
      (await system.orders.orchestrator.countByState().catch(() => []))
        .filter((c) => c.state === 'completed')
        .reduce((sum, c) => sum + c.count, 0);
    await waitFor(
      `${SAGAS} sagas to complete`,
      async () => (await completed()) === SAGAS,
      90_000,
      200,
    );

    expect(ended).toBeGreaterThanOrEqual(6); // sessions of both services, three times
    expect(await system.orders.orchestrator.countByState()).toEqual([
      { type: 'create-order', state: 'completed', count: SAGAS },
    ]);
    const { rows } = await system.databases.participants.db.query<{ commands: string; n: number }>(
      `SELECT string_agg(command, ',' ORDER BY seq) AS commands, count(*)::int AS n
       FROM handled_commands GROUP BY order_id`,
    );
    expect(rows).toHaveLength(SAGAS);
    for (const row of rows)
      expect(row.commands).toBe('reserve-stock,authorize-payment,schedule-shipment');
  }, 150_000);
});

/**
 * Starting a saga is the caller's transaction: one whose session was ended fails and is started
 * again, as a caller would retry a failed request. A saga id that did commit is not started twice.
 */
async function startRetryingLostSessions(start: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
