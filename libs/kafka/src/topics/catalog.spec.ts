import { NamingError } from '@platform/naming';
import { z } from 'zod';
import { SchemaValidationError, UnknownTopicError } from '../errors';
import { defineCatalog, defineTopic } from './catalog';
import { validatePayload } from './validate-payload';

const orderCreated = defineTopic({
  name: 'orders.order.created',
  partitions: 12,
  key: 'order id',
  schema: z.object({ orderId: z.string(), total: z.number().positive() }),
});

describe('defineTopic', () => {
  it('fills cleanup policy and retention from the role preset', () => {
    expect(orderCreated).toMatchObject({ role: 'events', cleanupPolicy: 'delete', retentionMs: 604_800_000, partitions: 12 });
    const state = defineTopic({ name: 'orders.order.changed', role: 'changelog', partitions: 6, key: 'order id', schema: z.unknown() });
    expect(state.cleanupPolicy).toBe('compact');
    expect(state.retentionMs).toBeUndefined();
  });

  it('refuses a name that breaks the naming rules, naming the rule', () => {
    expect(() => defineTopic({ name: 'Orders.order.created', partitions: 1, key: 'id', schema: z.unknown() })).toThrow(NamingError);
  });

  it('refuses a partition count below one', () => {
    expect(() => defineTopic({ name: 'orders.order.created', partitions: 0, key: 'id', schema: z.unknown() })).toThrow(
      'Invalid partitions for topic "orders.order.created": expected a whole number >= 1, received 0',
    );
  });
});

describe('defineCatalog', () => {
  const catalog = defineCatalog({ service: 'orders', topics: [orderCreated] });

  it('finds declared topics and names the known ones for an unknown topic', () => {
    expect(catalog.get('orders.order.created')).toBe(orderCreated);
    expect(() => catalog.get('orders.order.shipped')).toThrow(UnknownTopicError);
    expect(() => catalog.get('orders.order.shipped')).toThrow('Known topics: orders.order.created.');
  });

  it('refuses a topic declared twice', () => {
    expect(() => defineCatalog({ service: 'orders', topics: [orderCreated, orderCreated] })).toThrow(
      'Topic "orders.order.created" is declared twice in the orders catalog.',
    );
  });
});

describe('validatePayload', () => {
  it('returns the parsed payload', () => {
    expect(validatePayload(orderCreated, { orderId: 'o-1', total: 3 })).toEqual({ orderId: 'o-1', total: 3 });
  });

  it('names every failing field', () => {
    const attempt = (): unknown => validatePayload(orderCreated, { orderId: 7, total: -1 });
    expect(attempt).toThrow(SchemaValidationError);
    expect(attempt).toThrow(/Invalid payload for topic "orders.order.created": orderId: .*; total: /);
  });
});
