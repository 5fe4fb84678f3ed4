import type { EventContext, EventEnvelope } from '@platform/kafka';
import { KafkaEventContext } from '@platform/kafka-nest';
import { toTransportHandler } from './kafka-handler';

describe('toTransportHandler', () => {
  const envelope: EventEnvelope = {
    id: '00000000-0000-4000-8000-000000000001',
    type: 'orders.order.replies',
    source: '/services/inventory',
    time: '2026-11-27T00:00:00.000Z',
    key: 'saga-1',
    correlationId: 'saga-1',
    data: {},
  };

  it('hands the handler the retry topic it read from, with that topic’s partition and offset, and the catalog topic as source', async () => {
    let seen: EventContext | undefined;
    const handler = toTransportHandler(async (_event, context) => {
      seen = context;
    });
    const ctx = new KafkaEventContext({
      envelope,
      topic: 'orders.order.replies',
      readTopic: 'orders.order.replies.retry.orders.1',
      partition: 3,
      offset: '42',
      attempt: 4,
      heartbeat: async () => undefined,
    });
    await (handler as unknown as (data: unknown, ctx: KafkaEventContext) => Promise<void>)({}, ctx);
    expect(seen).toMatchObject({
      topic: 'orders.order.replies.retry.orders.1',
      sourceTopic: 'orders.order.replies',
      partition: 3,
      offset: '42',
      attempt: 4,
    });
  });

  it('keeps the handler’s error on the context for the retry policy, and rethrows it', async () => {
    const failure = new Error('participant down');
    const handler = toTransportHandler(async () => {
      throw failure;
    });
    const ctx = new KafkaEventContext({
      envelope,
      topic: 'orders.order.replies',
      partition: 0,
      offset: '0',
      attempt: 1,
      heartbeat: async () => undefined,
    });
    await expect(
      (handler as unknown as (data: unknown, ctx: KafkaEventContext) => Promise<void>)({}, ctx),
    ).rejects.toBe(failure);
    expect(ctx.failure).toBe(failure);
  });
});
