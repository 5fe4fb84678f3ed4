import { createEventProducer, defineCatalog, defineTopic } from '@platform/kafka';
import type { Kafka, ProducerBatch } from 'kafkajs';
import { z } from 'zod';
import type { OutboxRow } from './outbox-row';
import { publishRows } from './publish-rows';

const TOPIC = 'orders.order.created';
const catalog = defineCatalog({
  service: 'orders',
  topics: [defineTopic({ name: TOPIC, partitions: 3, key: 'order id', schema: z.unknown() })],
});

const row = (id: string, aggregateid: string): OutboxRow => ({
  id,
  aggregateid,
  topic: TOPIC,
  payload: '{}',
  headers: {},
  created_ms: 0,
});

/** A kafkajs client whose produce requests wait until the test settles them, one by one. */
function heldKafka() {
  const requests: { ids: string[]; ack(): void; fail(error: Error): void }[] = [];
  const kafka = {
    producer: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      sendBatch: (batch: ProducerBatch) =>
        new Promise((resolve, reject) => {
          const messages = batch.topicMessages!.flatMap((topic) => topic.messages);
          const ids = messages.map((message) => String(message.headers!.ce_id));
          requests.push({ ids, ack: () => resolve([]), fail: reject });
        }),
    }),
  } as unknown as Kafka;
  return { kafka, requests };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Two relay loops share one producer. Loop 2's rows half fill the producer's next batch while a
 * request is in flight, so loop 1's chunk (one aggregate's rows in seq order) is split over that
 * batch and the one after it. When the first of them fails, the second must not be sent: its
 * rows would land on the topic before the failed ones, which the relay publishes again later.
 */
describe('publishRows when a request fails while the next is queued', () => {
  it('never publishes a later row of an aggregate after an earlier one failed', async () => {
    const { kafka, requests } = heldKafka();
    const producer = createEventProducer({ service: 'orders', catalog, kafka, maxBatchEvents: 4 });
    const limits = { maxChunkEvents: 4, maxChunkBytes: 1_000_000 };

    const inFlight = producer.sendJson(TOPIC, { id: 'earlier', key: 'z', json: '{}' });
    await turn();
    expect(requests.map((request) => request.ids)).toEqual([['earlier']]);

    const loop2 = publishRows(producer, [row('x1', 'x'), row('x2', 'x')], limits);
    const loop1 = publishRows(producer, [row('a1', 'a'), row('a2', 'a'), row('a3', 'a')], limits);
    await turn();
    requests[0].ack();
    await inFlight;
    await turn();
    expect(requests.map((request) => request.ids)).toEqual([['earlier'], ['x1', 'x2', 'a1', 'a2']]);

    requests[1].fail(new Error('REQUEST_TIMED_OUT'));
    for (let i = 0; i < 5; i++) await turn();
    requests[2]?.ack(); // were a3 sent anyway, the broker would take it
    const [outcome1, outcome2] = await Promise.all([loop1, loop2]);
    await turn();

    // a3 sat in the batch behind the failed one: it was not sent, so not marked published.
    expect(requests).toHaveLength(2);
    expect(outcome1.published).toEqual([]);
    expect(outcome1.failure).toBeDefined();
    expect(outcome2.published).toEqual([]);
    await producer.disconnect();
  });
});
