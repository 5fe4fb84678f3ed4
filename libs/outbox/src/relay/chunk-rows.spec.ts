import { createEventProducer, defineCatalog, defineTopic, EnvelopeHeader } from '@platform/kafka';
import type { Kafka, ProducerBatch } from 'kafkajs';
import { z } from 'zod';
import { chunkRows, estimateSize } from './chunk-rows';
import type { OutboxRow } from './outbox-row';
import { publishRows } from './publish-rows';

const row = (id: string, payload = '{}'): OutboxRow => ({
  id,
  aggregateid: 'a',
  topic: 't',
  payload,
  headers: {},
  created_ms: 0,
});
const ids = (chunks: OutboxRow[][]): string[][] => chunks.map((chunk) => chunk.map((r) => r.id));

describe('chunkRows', () => {
  const rows = ['1', '2', '3', '4', '5'].map((id) => row(id));

  it('keeps the order and cuts by count', () => {
    expect(ids(chunkRows(rows, 2, 1_000_000))).toEqual([['1', '2'], ['3', '4'], ['5']]);
    expect(ids(chunkRows(rows, 10, 1_000_000))).toEqual([['1', '2', '3', '4', '5']]);
    expect(chunkRows([], 10, 10)).toEqual([]);
  });

  it('cuts by bytes, and a row larger than the bound travels alone', () => {
    const sizes: Record<string, number> = { '1': 40, '2': 40, '3': 150, '4': 10, '5': 10 };
    expect(ids(chunkRows(rows, 10, 100, (r) => sizes[r.id]))).toEqual([
      ['1', '2'],
      ['3'],
      ['4', '5'],
    ]);
  });

  it("estimates a row as its payload text's UTF-8 bytes plus the envelope overhead", () => {
    expect(estimateSize(row('1', '{"a": "xyz"}'))).toBe(400 + 1 + 1 + '{"a": "xyz"}'.length);
    expect(estimateSize(row('1', '{"a": "é€"}'))).toBe(400 + 1 + 1 + 9 + 2 + 3);
  });

  it("counts what the producer counts: the key's UTF-8 bytes, the topic and the tracing headers", () => {
    const traced = {
      ...row('1', '{}'),
      aggregateid: 'é€',
      topic: 'orders.order.placed',
      headers: { [EnvelopeHeader.Subject]: 'line-1', [EnvelopeHeader.TraceParent]: 5 },
    };
    expect(estimateSize(traced)).toBe(
      400 + 5 + 'orders.order.placed'.length + 2 + (EnvelopeHeader.Subject.length + 6 + 2),
    );
  });
});

describe('a chunk within the producer bounds', () => {
  it('is one produce request, even with non-ASCII keys and long tracing headers', async () => {
    const topic = 'orders.order.placed';
    const catalog = defineCatalog({
      service: 'orders',
      topics: [defineTopic({ name: topic, partitions: 3, key: 'order id', schema: z.unknown() })],
    });
    const requests: number[] = [];
    const kafka = {
      producer: () => ({
        connect: async () => undefined,
        disconnect: async () => undefined,
        sendBatch: async (batch: ProducerBatch) => {
          requests.push(batch.topicMessages!.flatMap((t) => t.messages).length);
          return [];
        },
      }),
    } as unknown as Kafka;
    const bounds = { maxChunkEvents: 1_000, maxChunkBytes: 20_000 };
    const producer = createEventProducer({
      service: 'orders',
      catalog,
      kafka,
      maxBatchEvents: bounds.maxChunkEvents,
      maxBatchBytes: bounds.maxChunkBytes,
    });
    const rows = Array.from({ length: 60 }, (_, i) => ({
      ...row(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, `"${'x'.repeat(1_000)}"`),
      aggregateid: `注文-${'番'.repeat(20)}-${i}`,
      topic,
      headers: {
        [EnvelopeHeader.CorrelationId]: 'c'.repeat(100),
        [EnvelopeHeader.Subject]: 's'.repeat(200),
      },
    }));
    const chunks = chunkRows(rows, bounds.maxChunkEvents, bounds.maxChunkBytes);
    const outcome = await publishRows(producer, rows, bounds);
    expect(outcome.published).toHaveLength(60);
    expect(requests).toEqual(chunks.map((chunk) => chunk.length));
    await producer.disconnect();
  });
});
