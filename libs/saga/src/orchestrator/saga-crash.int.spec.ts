import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { type Database, openDatabase } from '@platform/database';
import { createOutbox, migrateOutbox } from '@platform/outbox';
import { createTestDatabase, testBrokers, testKafka, type TestDatabase, uniqueName } from '@platform/testing';
import type { Admin } from 'kafkajs';
import { createOrderSaga } from '../fixtures/create-order-saga';
import { catalogFor, provisionTopology, type RunningNode, sagaTopology, startParticipantNode } from '../fixtures/saga-node';
import { waitFor } from '../fixtures/wait-for';
import { migrateSagaTables } from '../store/saga-store';
import { SagaOrchestrator } from './saga-orchestrator';

const REPO_ROOT = resolve(__dirname, '../../../..');
const FIXTURE = join(__dirname, '../fixtures/orchestrator-process.ts');
const SAGAS = 200;
const LATE_SAGAS = 20;
const PARTITIONS = 3;
const prefix = uniqueName('sk').replace(/-/g, '');
const topology = sagaTopology(prefix, PARTITIONS);
const definition = createOrderSaga({ topics: topology.topics, stepTimeoutMs: 60_000 });

describe('the orchestrator process is killed with SIGKILL mid-saga', () => {
  let admin: Admin;
  const databases: TestDatabase[] = [];
  let ordersDb: Database;
  let participantsDb: Database;
  let participants: RunningNode;
  /** Starts sagas and reads them; the child process is what advances them. */
  let starter: SagaOrchestrator;
  const children: ChildProcess[] = [];

  function startOrchestratorProcess(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE], {
      cwd: REPO_ROOT,
      env: { ...process.env, KAFKA_BROKERS: testBrokers().join(','), ORDERS_DB_URL: databases[0].url, PREFIX: prefix, PARTITIONS: String(PARTITIONS) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    return new Promise((ready, failed) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready(child));
      child.once('exit', (code, signal) => failed(new Error(`the orchestrator process exited early (${code ?? signal})`)));
    });
  }

  function exited(child: ChildProcess): Promise<void> {
    return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('exit', () => done()));
  }

  async function countByState(): Promise<Record<string, number>> {
    return Object.fromEntries((await starter.countByState()).map((c) => [c.state, c.count]));
  }

  beforeAll(async () => {
    const kafka = testKafka('saga-crash');
    admin = kafka.admin();
    await admin.connect();
    await provisionTopology(admin, topology);
    for (let i = 0; i < 2; i++) databases.push(await createTestDatabase());
    [ordersDb, participantsDb] = await Promise.all(databases.map((db) => openDatabase({ url: db.url })));
    await migrateOutbox(ordersDb);
    await migrateSagaTables(ordersDb);
    starter = new SagaOrchestrator({ db: ordersDb, outbox: createOutbox({ catalog: catalogFor(topology, 'orders') }), service: topology.orders, sagas: [definition] });
    // A little work per command, so the kill lands with sagas half way.
    participants = await startParticipantNode({ kafka, db: participantsDb, topology, delayMs: 5 });
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await participants?.stop();
    await admin?.disconnect();
    await Promise.all([ordersDb?.close(), participantsDb?.close()]);
    await Promise.all(databases.map((db) => db.drop()));
  });

  it('resumes after a restart and completes every saga, each step once', async () => {
    const first = await startOrchestratorProcess();
    for (let i = 0; i < SAGAS; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => starter.start(definition, { orderId: `order-${i + k}`, sku: 's', quantity: 1, amount: 5 }, { id: `saga-${i + k}` })));
    }
    await waitFor('some sagas to complete', async () => ((await countByState()).completed ?? 0) >= SAGAS / 10, 60_000, 20);
    first.kill('SIGKILL');
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');
    const atKill = await countByState();
    // The kill caught sagas half way.
    expect(atKill.running ?? 0).toBeGreaterThan(0);

    // Sagas started while the orchestrator is down wait in the outbox.
    for (let i = SAGAS; i < SAGAS + LATE_SAGAS; i++) await starter.start(definition, { orderId: `order-${i}`, sku: 's', quantity: 1, amount: 5 }, { id: `saga-${i}` });

    const second = await startOrchestratorProcess();
    await waitFor('every saga to complete', async () => (await countByState()).completed === SAGAS + LATE_SAGAS, 90_000, 200);
    second.kill('SIGTERM');
    await exited(second);
    expect(second.exitCode).toBe(0);

    expect(await countByState()).toEqual({ completed: SAGAS + LATE_SAGAS });
    // Each step succeeded once per saga, whatever was redelivered or republished around the kill.
    const { rows: steps } = await ordersDb.query<{ n: string }>(
      "SELECT count(*) AS n FROM saga_step_history WHERE direction = 'forward' AND event = 'succeeded' GROUP BY saga_id, step HAVING count(*) <> 1",
    );
    expect(steps).toEqual([]);
    // And each participant effect happened once (its inbox dropped republished commands).
    const { rows: handled } = await participantsDb.query<{ commands: string; n: string }>(
      "SELECT commands, count(*) AS n FROM (SELECT string_agg(command, ',' ORDER BY seq) AS commands FROM handled_commands GROUP BY order_id) AS per_order GROUP BY commands",
    );
    expect(handled).toEqual([{ commands: 'reserve-stock,authorize-payment,schedule-shipment', n: String(SAGAS + LATE_SAGAS) }]);
    if (process.env.DEBUG_CRASH) console.log({ atKill });
  }, 150_000);
});
