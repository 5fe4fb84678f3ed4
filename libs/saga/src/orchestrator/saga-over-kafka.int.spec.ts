import type { Database } from '@platform/database';
import { uniqueName } from '@platform/testing';
import type { Admin, Kafka } from 'kafkajs';
import { createOrderSaga } from '../fixtures/create-order-saga';
import { type Behaviour, type OrchestratorNode, sagaTopology } from '../fixtures/saga-node';
import { type SagaSystem, startSagaSystem } from '../fixtures/saga-system';
import { waitFor } from '../fixtures/wait-for';
import { isTerminal } from '../engine/saga-instance';
import type { SagaEvent } from './saga-events';
import type { SagaView } from './saga-orchestrator';

const topology = sagaTopology(uniqueName('sg').replace(/-/g, ''), 3);
const definition = createOrderSaga({
  topics: topology.topics,
  stepTimeoutMs: 3_000,
  compensation: { maxAttempts: 3, timeoutMs: 3_000, backoff: { baseMs: 50, maxMs: 200 } },
});
/** orderId → how the participants treat each of its commands (default: ok). */
const behaviours = new Map<string, Partial<Record<string, Behaviour>>>();

describe('sagas over real Kafka and Postgres', () => {
  let system: SagaSystem;
  let kafka: Kafka;
  let admin: Admin;
  let orders: OrchestratorNode;
  let participantsDb: Database;
  const events: SagaEvent[] = [];

  beforeAll(async () => {
    system = await startSagaSystem({
      clientId: 'saga-it',
      topology,
      orders: { sagas: [definition], deadlines: { pollIntervalMs: 100 }, onEvent: (event) => events.push(event) },
      participants: { behaviour: (command) => behaviours.get(command.payload.orderId)?.[command.command] ?? 'ok' },
    });
    ({ kafka, admin, orders } = system);
    participantsDb = system.databases.participants.db;
  }, 60_000);

  afterAll(() => system?.stop());

  function start(orderId: string, behaviour: Partial<Record<string, Behaviour>> = {}, quantity = 1): Promise<string> {
    behaviours.set(orderId, behaviour);
    return orders.orchestrator.start(definition, { orderId, sku: 'sku-1', quantity, amount: 20 });
  }

  async function finished(id: string, timeoutMs = 20_000): Promise<SagaView> {
    let saga: SagaView | undefined;
    await waitFor(`saga ${id} to finish`, async () => {
      saga = await orders.orchestrator.find(id);
      return saga !== undefined && isTerminal(saga.state);
    }, timeoutMs);
    return saga!;
  }

  async function handled(orderId: string): Promise<string[]> {
    const { rows } = await participantsDb.query<{ command: string }>('SELECT command FROM handled_commands WHERE order_id = $1 ORDER BY seq', [orderId]);
    return rows.map((row) => row.command);
  }

  const undone = (saga: SagaView): string[] => saga.history.filter((h) => h.direction === 'compensation' && h.event === 'succeeded').map((h) => h.stepName);

  it('runs the happy path to completed', async () => {
    const saga = await finished(await start('happy'));
    expect(saga).toMatchObject({ state: 'completed', compensating: false, data: { status: 'approved', reservationId: 'r-happy', paymentId: 'p-happy' } });
    expect(await handled('happy')).toEqual(['reserve-stock', 'authorize-payment', 'schedule-shipment']);
  });

  it('a failure at each step compensates exactly the completed steps, in reverse order', async () => {
    const ids = {
      local: await start('fail-local', {}, 0),
      reserve: await start('fail-reserve', { 'reserve-stock': 'fail' }),
      authorize: await start('fail-authorize', { 'authorize-payment': 'fail' }),
      schedule: await start('fail-schedule', { 'schedule-shipment': 'fail' }),
    };
    const [local, reserve, authorize, schedule] = await Promise.all(Object.values(ids).map((id) => finished(id)));
    for (const saga of [local, reserve, authorize, schedule]) expect(saga.state).toBe('compensated');

    expect(undone(local)).toEqual([]);
    expect(await handled('fail-local')).toEqual([]);

    expect(undone(reserve)).toEqual(['create-order']);
    expect(reserve.failureReason).toBe('reserve-stock: reserve-stock-refused');
    expect(await handled('fail-reserve')).toEqual([]);

    expect(undone(authorize)).toEqual(['reserve-stock', 'create-order']);
    expect(await handled('fail-authorize')).toEqual(['reserve-stock', 'release-stock']);

    expect(undone(schedule)).toEqual(['authorize-payment', 'reserve-stock', 'create-order']);
    expect(await handled('fail-schedule')).toEqual(['reserve-stock', 'authorize-payment', 'void-payment', 'release-stock']);
    expect(schedule.data).toMatchObject({ status: 'rejected' });
  });

  it('a step that gets no reply times out and compensates (the timed-out step included)', async () => {
    const saga = await finished(await start('silent', { 'authorize-payment': 'silent' }));
    expect(saga.state).toBe('compensated');
    expect(saga.history.filter((h) => h.event === 'timed-out').map((h) => h.stepName)).toEqual(['authorize-payment']);
    expect(saga.failureReason).toBe('authorize-payment: step "authorize-payment" got no reply in time');
    expect(undone(saga)).toEqual(['authorize-payment', 'reserve-stock', 'create-order']);
    expect(await handled('silent')).toEqual(['reserve-stock', 'void-payment', 'release-stock']);
    expect(events).toContainEqual({ type: 'timed-out', sagaType: 'create-order', sagaId: saga.id, step: 'authorize-payment', direction: 'forward' });
  });

  it('ignores duplicate replies: a participant answering twice, and the same reply redelivered', async () => {
    const id = await start('dup', { 'reserve-stock': 'twice', 'authorize-payment': 'twice', 'schedule-shipment': 'twice' });
    const saga = await finished(id);
    expect(saga.state).toBe('completed');
    expect(await handled('dup')).toEqual(['reserve-stock', 'authorize-payment', 'schedule-shipment']);
    expect(saga.history.filter((h) => h.event === 'succeeded').map((h) => h.stepName)).toEqual([
      'create-order',
      'reserve-stock',
      'authorize-payment',
      'schedule-shipment',
      'approve-order',
    ]);
    await waitFor('three ignored replies', () => events.filter((e) => e.type === 'reply-ignored' && e.sagaId === id).length === 3);

    // Every reply of this saga published again with its original ce_id: the inbox drops them all.
    const replies = await readRecords(kafka, topology.topics.replies, (key) => key === id, 6);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topology.topics.replies, messages: replies });
    await producer.disconnect();
    await waitFor('the redelivered replies to be consumed', () => caughtUp(admin, topology.orders, topology.topics.replies), 15_000);
    const after = await orders.orchestrator.find(id);
    expect(after?.version).toBe(saga.version);
    expect(after?.history).toEqual(saga.history);
    expect(events.filter((e) => e.type === 'reply-ignored' && e.sagaId === id)).toHaveLength(3);
  });
});

/** True once the group committed every record of the topic, i.e. handled all of them. */
async function caughtUp(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const [high, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  // -1 = nothing committed, which is caught up for a partition that never had a record.
  const done = new Map(committed.partitions.map((p) => [p.partition, BigInt(p.offset) < 0n ? 0n : BigInt(p.offset)]));
  return high.every((p) => (done.get(p.partition) ?? 0n) >= BigInt(p.high));
}

interface RawRecord {
  key: string;
  value: Buffer;
  headers: Record<string, Buffer>;
}

/** Reads a topic from the beginning with a throwaway group until `count` records with a matching key arrived. */
async function readRecords(kafka: Kafka, topic: string, matches: (key: string) => boolean, count: number): Promise<RawRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 100 });
  const records: RawRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString() ?? '';
        if (!matches(key) || !message.value) return;
        records.push({ key, value: message.value, headers: message.headers as Record<string, Buffer> });
      },
    });
    await waitFor(`${count} records on ${topic}`, () => records.length >= count, 15_000);
    return records;
  } finally {
    await consumer.disconnect();
  }
}
