import vm from 'node:vm';
import { z } from 'zod';
import type { NewEvent, NewJsonEvent } from '../envelope';
import { MissingKeyError, SchemaValidationError } from '../errors';
import { defineTopic } from '../topics';
import { prepareJsonRecord, prepareRecord } from './outgoing-record';

const topic = defineTopic({
  name: 'orders.order.created',
  partitions: 6,
  key: 'order id',
  schema: z.object({ orderId: z.string(), total: z.number() }),
});
type Order = { orderId: string; total: number };

describe('prepareRecord', () => {
  it('envelopes a valid event: binary-mode headers, ce_type = topic, JSON value of the parsed data', () => {
    const { record, envelope } = prepareRecord(
      topic,
      {
        key: 'order-42',
        data: { orderId: 'order-42', total: 12.5, extra: 'stripped by the schema' } as Order,
        id: 'event-1',
        time: new Date('2026-01-02T03:04:05.000Z'),
        causationId: 'command-7',
      },
      '/services/orders',
    );
    expect(record.topic).toBe('orders.order.created');
    expect(record.key).toEqual(Buffer.from('order-42'));
    expect(JSON.parse(record.value.toString())).toEqual({ orderId: 'order-42', total: 12.5 });
    expect(record.headers).toEqual({
      ce_id: 'event-1',
      ce_type: 'orders.order.created',
      ce_source: '/services/orders',
      ce_specversion: '1.0',
      ce_time: '2026-01-02T03:04:05.000Z',
      'content-type': 'application/json',
      ce_correlationid: 'event-1',
      ce_causationid: 'command-7',
    });
    expect(envelope).toMatchObject({ id: 'event-1', key: 'order-42', correlationId: 'event-1' });
    expect(record.size).toBeGreaterThan(record.key.length + record.value.length);
  });

  it.each([undefined, null, ''])('refuses key %p with MissingKeyError', (key) => {
    const event = { key, data: { orderId: 'o', total: 1 } } as unknown as NewEvent<Order>;
    expect(() => prepareRecord(topic, event, '/services/orders')).toThrow(MissingKeyError);
  });

  it('refuses a key that is not a string with a precise TypeError', () => {
    const event = { key: 42, data: { orderId: 'o', total: 1 } } as unknown as NewEvent<Order>;
    expect(() => prepareRecord(topic, event, '/services/orders')).toThrow(
      new TypeError(
        'Invalid key for topic "orders.order.created": expected a string (the entity id), received number',
      ),
    );
  });

  it.each([
    ['order-\ud800', 6],
    ['\udc00order', 0],
    ['order-\ud83d', 6],
  ])('refuses key %j, whose lone surrogate UTF-8 cannot carry', (key, index) => {
    const message =
      'Invalid key for topic "orders.order.created": expected well-formed text (the entity id), ' +
      `received a string with a lone UTF-16 surrogate at index ${index}.`;
    const event = { key, data: { orderId: 'o', total: 1 } };
    expect(() => prepareRecord(topic, event, '/services/orders')).toThrow(message);
    expect(() => prepareJsonRecord(topic, { key, json: '{}' }, '/services/orders')).toThrow(
      message,
    );
  });

  it('takes a key with a surrogate pair (an emoji) as the text it is', () => {
    const { record } = prepareRecord(
      topic,
      { key: '😀-order', data: { orderId: 'o', total: 1 } },
      '/services/orders',
    );
    expect(record.key).toEqual(Buffer.from([0xf0, 0x9f, 0x98, 0x80, ...Buffer.from('-order')]));
  });

  it('names each failing field of an invalid payload', () => {
    const event = { key: 'order-1', data: { orderId: 7 } } as unknown as NewEvent<Order>;
    let error: unknown;
    try {
      prepareRecord(topic, event, '/services/orders');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect((error as SchemaValidationError).issues).toEqual([
      expect.stringMatching(/^orderId: /),
      expect.stringMatching(/^total: /),
    ]);
  });

  it.each([
    [
      'id',
      42,
      'Invalid id for topic "orders.order.created": expected a non-empty string (omit it for a new UUID), received number',
    ],
    [
      'id',
      '',
      'Invalid id for topic "orders.order.created": expected a non-empty string (omit it for a new UUID), received an empty string',
    ],
    [
      'subject',
      { id: 1 },
      'Invalid subject for topic "orders.order.created": expected a string, received object',
    ],
    [
      'correlationId',
      7,
      'Invalid correlationId for topic "orders.order.created": expected a string, received number',
    ],
    [
      'causationId',
      5,
      'Invalid causationId for topic "orders.order.created": expected a string, received number',
    ],
    [
      'traceparent',
      ['00-x'],
      'Invalid traceparent for topic "orders.order.created": expected a string, received object',
    ],
  ])('refuses %s %p before it becomes a header kafkajs cannot encode', (field, value, message) => {
    const event = { key: 'order-1', data: { orderId: 'order-1', total: 1 }, [field]: value };
    expect(() => prepareRecord(topic, event as NewEvent<Order>, '/services/orders')).toThrow(
      new TypeError(message),
    );
    const json = { key: 'order-1', json: '{}', [field]: value } as unknown as NewJsonEvent;
    expect(() => prepareJsonRecord(topic, json, '/services/orders')).toThrow(
      new TypeError(message),
    );
  });

  it.each([
    ['2026-01-02T03:04:05Z', TypeError, 'expected a Date (omit it for now), received string'],
    [1767323045000, TypeError, 'expected a Date (omit it for now), received number'],
    [
      new Date('not a date'),
      RangeError,
      'expected a valid Date (omit it for now), received an Invalid Date',
    ],
  ])('refuses time %p, naming the field and the topic', (time, type, expected) => {
    const event = { key: 'order-1', data: { orderId: 'order-1', total: 1 }, time };
    const message = `Invalid time for topic "orders.order.created": ${expected}`;
    expect(() => prepareRecord(topic, event as unknown as NewEvent<Order>, '/s/x')).toThrow(
      new type(message),
    );
    const json = { key: 'order-1', json: '{}', time } as unknown as NewJsonEvent;
    expect(() => prepareJsonRecord(topic, json, '/s/x')).toThrow(new type(message));
  });

  it('takes a Date from another realm as a Date', () => {
    const foreign = vm.runInNewContext('new Date("2026-01-02T03:04:05.000Z")') as Date;
    expect(foreign instanceof Date).toBe(false);
    const { envelope } = prepareRecord(
      topic,
      { key: 'order-1', data: { orderId: 'order-1', total: 1 }, time: foreign },
      '/s/x',
    );
    expect(envelope.time).toBe('2026-01-02T03:04:05.000Z');
  });

  it('takes null attributes as not given, like an untyped caller means them', () => {
    const event = {
      key: 'order-1',
      data: { orderId: 'order-1', total: 1 },
      id: null,
      subject: null,
      correlationId: null,
      causationId: null,
      traceparent: null,
    } as unknown as NewEvent<Order>;
    const { record, envelope } = prepareRecord(topic, event, '/services/orders');
    expect(Object.keys(record.headers).sort()).toEqual([
      'ce_correlationid',
      'ce_id',
      'ce_source',
      'ce_specversion',
      'ce_time',
      'ce_type',
      'content-type',
    ]);
    expect(envelope.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(envelope).toMatchObject({ correlationId: envelope.id, subject: undefined });
    expect(record.size).toBeGreaterThan(0);
  });

  it('refuses a payload the schema accepts but JSON cannot carry', () => {
    const anything = defineTopic({
      name: 'orders.order.noted',
      partitions: 1,
      key: 'order id',
      schema: z.unknown(),
    });
    expect(() => prepareRecord(anything, { key: 'o', data: 10n }, '/services/orders')).toThrow(
      SchemaValidationError,
    );
    expect(() =>
      prepareRecord(anything, { key: 'o', data: undefined }, '/services/orders'),
    ).toThrow(
      'Invalid payload for topic "orders.order.noted": (root): the payload encodes to nothing (undefined)',
    );
  });
});

describe('prepareJsonRecord', () => {
  const stored = '{"total": 12.5, "orderId": "order-42"}';

  it('sends the stored JSON text as it is, with the same headers prepareRecord writes', () => {
    const event: NewJsonEvent = {
      key: 'order-42',
      json: stored,
      id: 'event-1',
      time: new Date('2026-01-02T03:04:05.000Z'),
      causationId: 'command-7',
    };
    const record = prepareJsonRecord(topic, event, '/services/orders');
    const { record: fromData } = prepareRecord(
      topic,
      { ...event, data: { orderId: 'order-42', total: 12.5 } },
      '/services/orders',
    );
    expect(record.value).toBe(stored);
    expect(record.key).toEqual(Buffer.from('order-42'));
    expect(record.headers).toEqual(fromData.headers);
    expect(record.size).toBeGreaterThan(record.key.length + stored.length);
  });

  it('does not check the schema again: the text was validated when it was recorded', () => {
    const record = prepareJsonRecord(topic, { key: 'order-1', json: '{"orderId": 7}' }, '/s/x');
    expect(record.value).toBe('{"orderId": 7}');
  });

  it.each([undefined, null, ''])('refuses key %p with MissingKeyError', (key) => {
    const event = { key, json: stored } as unknown as NewJsonEvent;
    expect(() => prepareJsonRecord(topic, event, '/services/orders')).toThrow(MissingKeyError);
  });

  it.each([
    [undefined, 'undefined'],
    [{ orderId: 'o' }, 'object'],
    ['', 'an empty string'],
  ])('refuses json %p, naming what it received', (json, received) => {
    const event = { key: 'order-1', json } as unknown as NewJsonEvent;
    expect(() => prepareJsonRecord(topic, event, '/services/orders')).toThrow(
      new TypeError(
        `Invalid JSON event for topic "orders.order.created": expected the data as JSON text (json), received ${received}`,
      ),
    );
  });
});
