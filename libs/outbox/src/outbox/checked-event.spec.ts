import {
  defineCatalog,
  defineTopic,
  EnvelopeHeader,
  MissingKeyError,
  SchemaValidationError,
  UnknownTopicError,
} from '@platform/kafka';
import { z } from 'zod';
import { checkEvent } from './checked-event';

const placed = defineTopic({
  name: 'orders.order.placed',
  partitions: 3,
  key: 'order id',
  schema: z.object({ total: z.number() }),
});
const catalog = defineCatalog({ service: 'orders', topics: [placed] });
const ID = '0b6ef0a4-3a4e-4e57-9d4b-3f2b3c1d2e10';

describe('checkEvent', () => {
  it('returns the row values: parsed payload, envelope headers under their Kafka names, aggregate type from the topic', () => {
    expect(
      checkEvent(catalog, {
        topic: placed,
        aggregateId: 'o-1',
        payload: { total: 42, ignored: true },
        id: ID.toUpperCase(),
        correlationId: 'c-1',
        causationId: 'e-0',
        traceparent: 'tp',
        subject: 'line-1',
      }),
    ).toEqual({
      id: ID,
      aggregateType: 'order',
      aggregateId: 'o-1',
      topic: 'orders.order.placed',
      payloadJson: '{"total":42}',
      headersJson: JSON.stringify({
        [EnvelopeHeader.CorrelationId]: 'c-1',
        [EnvelopeHeader.CausationId]: 'e-0',
        [EnvelopeHeader.TraceParent]: 'tp',
        [EnvelopeHeader.Subject]: 'line-1',
      }),
    });
  });

  it('makes up a UUID and keeps an explicit aggregate type', () => {
    const row = checkEvent(catalog, {
      topic: 'orders.order.placed',
      aggregateId: 'o-1',
      aggregateType: 'Order',
      payload: { total: 1 },
    });
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.aggregateType).toBe('Order');
    expect(row.headersJson).toBe('{}');
  });

  it('refuses with the producer error classes', () => {
    expect(() =>
      checkEvent(catalog, {
        topic: 'billing.invoice.created',
        aggregateId: 'o-1',
        payload: { total: 1 },
      }),
    ).toThrow(UnknownTopicError);
    expect(() =>
      checkEvent(catalog, { topic: 'NOT VALID', aggregateId: 'o-1', payload: { total: 1 } }),
    ).toThrow(UnknownTopicError);
    expect(() =>
      checkEvent(catalog, { topic: placed, aggregateId: '', payload: { total: 1 } }),
    ).toThrow(MissingKeyError);
    expect(() =>
      checkEvent(catalog, { topic: placed, aggregateId: null as never, payload: { total: 1 } }),
    ).toThrow(
      'Invalid event for topic "orders.order.placed": expected a key (the entity id), received none.',
    );
    expect(() =>
      checkEvent(catalog, { topic: placed, aggregateId: 'o-1', payload: { total: '1' } as never }),
    ).toThrow(
      new SchemaValidationError('orders.order.placed', [
        'total: Invalid input: expected number, received string',
      ]),
    );
  });

  it('refuses other malformed input with precise messages', () => {
    expect(() =>
      checkEvent(catalog, { topic: placed, aggregateId: 42 as never, payload: { total: 1 } }),
    ).toThrow(
      'Invalid aggregateId for topic "orders.order.placed": expected a string (the entity id), received number',
    );
    expect(() =>
      checkEvent(catalog, {
        topic: placed,
        aggregateId: 'o-1',
        payload: { total: 1 },
        id: 'not-a-uuid',
      }),
    ).toThrow(
      'Invalid event id for topic "orders.order.placed": expected a UUID, received "not-a-uuid"',
    );
    expect(() =>
      checkEvent(catalog, {
        topic: placed,
        aggregateId: 'o-1',
        payload: { total: 1 },
        aggregateType: '',
      }),
    ).toThrow('Invalid aggregateType');
    expect(() =>
      checkEvent(catalog, {
        topic: placed,
        aggregateId: 'o-1',
        payload: { total: 1 },
        correlationId: 7 as never,
      }),
    ).toThrow(
      'Invalid correlationId for topic "orders.order.placed": expected a string, received number',
    );
    expect(() => checkEvent(catalog, null as never)).toThrow(
      'Invalid outbox event, expected an object received null',
    );
  });

  it('refuses a payload that cannot be stored as JSON', () => {
    const anything = defineTopic({
      name: 'orders.order.noted',
      partitions: 1,
      key: 'order id',
      schema: z.any(),
    });
    const loose = defineCatalog({ service: 'orders', topics: [anything] });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() =>
      checkEvent(loose, { topic: anything, aggregateId: 'o-1', payload: circular }),
    ).toThrow(SchemaValidationError);
    expect(() =>
      checkEvent(loose, { topic: anything, aggregateId: 'o-1', payload: undefined }),
    ).toThrow('the payload encodes to nothing');
  });

  it('refuses only the JSON escapes jsonb cannot store, not text that looks like them', () => {
    const anything = defineTopic({
      name: 'orders.order.noted',
      partitions: 1,
      key: 'order id',
      schema: z.any(),
    });
    const loose = defineCatalog({ service: 'orders', topics: [anything] });
    const payloadJson = (payload: unknown) =>
      checkEvent(loose, { topic: anything, aggregateId: 'o-1', payload }).payloadJson;
    expect(payloadJson({ text: '\\u0000 \\\\ud800' })).toBe('{"text":"\\\\u0000 \\\\\\\\ud800"}');
    expect(payloadJson({ tab: '\t\u0001', pair: '😀' })).toBe('{"tab":"\\t\\u0001","pair":"😀"}');
    expect(() => payloadJson({ ['key\u0000']: 1 })).toThrow('a NUL character (\\u0000)');
    expect(() => payloadJson(['\\', '\udfff'])).toThrow('a lone surrogate (\\udfff)');
    expect(() =>
      checkEvent(loose, { topic: anything, aggregateId: 'o-\ud83d', payload: 1 }),
    ).toThrow(
      'Invalid aggregateId for topic "orders.order.noted": contains a lone UTF-16 surrogate, which Postgres cannot store',
    );
  });
});
