import type { Database } from '@platform/database';
import {
  createEventProducer,
  createKafkaEventConsumer,
  createTopicsAndWait,
  defineCatalog,
  ensureConsumerTopics,
  type EventConsumer,
  type EventProducer,
  type TopicCatalog,
} from '@platform/kafka';
import { createOutbox, createOutboxRelay, type OutboxRelay } from '@platform/outbox';
import {
  type CommandType,
  defineCommand,
  migrateSagaTables,
  saga,
  sagaCommandTopic,
  type SagaDefinition,
  type SagaEvent,
  SagaOrchestrator,
  SagaParticipant,
  sagaReplyTopic,
  success,
} from '@platform/saga';
import { uniqueName } from '@platform/testing';
import type { Admin } from 'kafkajs';
import { BENCH_PARTITIONS } from '../context';
import type { ScenarioContext } from '../scenario';

// The saga scenarios' system: an orders service (orchestrator, its outbox relay and reply
// consumer) and an inventory/payments/shipping participant service (command consumer, one
// effect row per command, its own relay), each on its own database, with library defaults except
// partitionsConsumedConcurrently = the partitions. Nothing here is timed.

/** Commands plus replies per saga: reserve stock, authorize payment, schedule shipment. */
export const MESSAGES_PER_SAGA = 6;

export interface Order {
  orderId: string;
  amount: number;
  reservationId?: string;
  paymentId?: string;
  status?: string;
}

export interface SagaSystem {
  definition: SagaDefinition<Order>;
  orchestrator: SagaOrchestrator;
  stop(): Promise<void>;
}

/** Saga topics need `<domain>.<entity>.commands|replies` names, so they are made here rather than by ctx.createTopic. */
function topicsFor(prefix: string) {
  return {
    inventory: `${prefix}inv.stock.commands`,
    payments: `${prefix}pay.payment.commands`,
    shipping: `${prefix}shp.shipment.commands`,
    replies: `${prefix}ord.order.replies`,
    orders: `${prefix}orders`,
    participants: `${prefix}participants`,
  };
}

export async function startSagaSystem(
  ctx: ScenarioContext,
  databases: { orders: Database; participants: Database },
  onEvent: (event: SagaEvent) => void,
): Promise<SagaSystem> {
  const names = topicsFor(uniqueName('bs').replace(/-/g, ''));
  const commands = [names.inventory, names.payments, names.shipping];
  const catalog = (service: string): TopicCatalog =>
    defineCatalog({
      service,
      topics: [...commands.map((name) => sagaCommandTopic({ name, partitions: BENCH_PARTITIONS })), sagaReplyTopic({ name: names.replies, partitions: BENCH_PARTITIONS })],
    });
  const ordersCatalog = catalog(names.orders);
  const participantsCatalog = catalog(names.participants);

  const kafka = ctx.kafka('saga-bench');
  const admin = kafka.admin();
  await admin.connect();
  const created = [...commands, names.replies];
  await createTopicsAndWait(
    admin,
    created.map((topic) => ({ topic, numPartitions: BENCH_PARTITIONS })),
  );
  const retry = { retryTopicDelaysMs: [] };
  created.push(
    ...(await ensureConsumerTopics(admin, { service: names.orders, catalog: ordersCatalog, subscriptions: [{ topic: names.replies }], retry })),
    ...(await ensureConsumerTopics(admin, { service: names.participants, catalog: participantsCatalog, subscriptions: commands.map((topic) => ({ topic })), retry })),
  );

  const reserveStock = defineCommand<{ orderId: string }, { reservationId: string }>({ topic: names.inventory, type: 'reserve-stock' });
  const releaseStock = defineCommand<{ orderId: string }>({ topic: names.inventory, type: 'release-stock' });
  const authorizePayment = defineCommand<{ orderId: string; amount: number }, { paymentId: string }>({ topic: names.payments, type: 'authorize-payment' });
  const voidPayment = defineCommand<{ orderId: string }>({ topic: names.payments, type: 'void-payment' });
  const scheduleShipment = defineCommand<{ orderId: string }>({ topic: names.shipping, type: 'schedule-shipment' });
  const definition = saga<Order>({ name: 'place-order', replyTopic: names.replies, stepTimeoutMs: 300_000, compensation: { timeoutMs: 300_000 } })
    .step('create-order')
    .local(({ data }) => ({ ...data, status: 'pending' }))
    .step('reserve-stock')
    .invoke((order) => reserveStock.with({ orderId: order.orderId }, { key: order.orderId }))
    .onReply((order, reply) => ({ ...order, reservationId: reply.reservationId }))
    .withCompensation((order) => releaseStock.with({ orderId: order.orderId }, { key: order.orderId }))
    .step('authorize-payment')
    .invoke((order) => authorizePayment.with({ orderId: order.orderId, amount: order.amount }, { key: order.orderId }))
    .onReply((order, reply) => ({ ...order, paymentId: reply.paymentId }))
    .withCompensation((order) => voidPayment.with({ orderId: order.orderId }, { key: order.orderId }))
    .step('schedule-shipment')
    .invoke((order) => scheduleShipment.with({ orderId: order.orderId }, { key: order.orderId }))
    .step('approve-order')
    .local(({ data }) => ({ ...data, status: 'approved' }))
    .build();

  const { orders, participants } = databases;
  await migrateSagaTables(orders);
  await participants.exec('CREATE TABLE effects (saga_id text NOT NULL, command text NOT NULL, PRIMARY KEY (saga_id, command))');
  const orchestrator = new SagaOrchestrator({ db: orders, outbox: createOutbox({ catalog: ordersCatalog }), service: names.orders, sagas: [definition], onEvent });
  const participant = new SagaParticipant({ service: names.participants, db: participants, outbox: createOutbox({ catalog: participantsCatalog }) });
  for (const [command, reply] of [
    [reserveStock, (orderId: string) => ({ reservationId: `r-${orderId}` })],
    [releaseStock, () => undefined],
    [authorizePayment, (orderId: string) => ({ paymentId: `p-${orderId}` })],
    [voidPayment, () => undefined],
    [scheduleShipment, () => undefined],
  ] as const) {
    // One effect row per command, written for all the commands of a transaction in one statement.
    participant.handleBatch(command as CommandType<{ orderId: string }, unknown>, async (batch, { tx }) => {
      await tx.query('INSERT INTO effects (saga_id, command) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING', [batch.map((c) => c.sagaId), command.type]);
      return batch.map(({ payload }) => success(reply(payload.orderId)));
    });
  }

  const running: { producer: EventProducer; relay: OutboxRelay; consumer: EventConsumer }[] = [];
  for (const [service, db, catalog, subscriptions] of [
    [names.orders, orders, ordersCatalog, orchestrator.subscriptions()],
    [names.participants, participants, participantsCatalog, participant.subscriptions()],
  ] as const) {
    const producer = createEventProducer({ service, catalog, kafka });
    const relay = createOutboxRelay({ db, producer });
    // Every subscribed partition at once: one fetch round's batches then meet in one group commit.
    const partitionsConsumedConcurrently = BENCH_PARTITIONS * subscriptions.length;
    const consumer = createKafkaEventConsumer({ kafka, service, catalog, subscriptions, partitionsConsumedConcurrently, retry });
    await producer.connect();
    await relay.start();
    await consumer.start();
    running.push({ producer, relay, consumer });
  }
  return {
    definition,
    orchestrator,
    stop: async () => {
      for (const { producer, relay, consumer } of running) {
        await consumer.stop();
        await relay.stop();
        await producer.disconnect();
      }
      await deleteTopics(admin, created);
      await admin.disconnect();
    },
  };
}

async function deleteTopics(admin: Admin, topics: string[]): Promise<void> {
  await admin.deleteTopics({ topics }).catch(() => undefined);
}
