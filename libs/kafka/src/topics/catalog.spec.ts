import { NamingError } from '@platform/naming';
import { z } from 'zod';
import { SchemaValidationError, UnknownTopicError } from '../errors';
import { defineCatalog, defineTopic, mergeCatalogs } from './catalog';
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

  it('keeps the preset retention when the options carry retentionMs: undefined (spread from elsewhere)', () => {
    const spread = { retentionMs: undefined as number | undefined };
    const dead = defineTopic({ name: 'orders.order.failed', role: 'dead-letter', partitions: 3, key: 'order id', schema: z.unknown(), ...spread });
    expect(dead.retentionMs).toBe(14 * 86_400_000);
  });

  it('refuses a name that breaks the naming rules, naming the rule', () => {
    expect(() => defineTopic({ name: 'Orders.order.created', partitions: 1, key: 'id', schema: z.unknown() })).toThrow(NamingError);
  });

  it('refuses a partition count below one', () => {
    expect(() => defineTopic({ name: 'orders.order.created', partitions: 0, key: 'id', schema: z.unknown() })).toThrow(
      'Invalid partitions for topic "orders.order.created": expected a whole number >= 1, received 0',
    );
  });

  it('refuses a replication factor or min.insync.replicas that is not a whole number >= 1', () => {
    const topic = { name: 'orders.order.created', partitions: 3, key: 'id', schema: z.unknown() };
    expect(() => defineTopic({ ...topic, replicationFactor: 0 })).toThrow(
      'Invalid replicationFactor for topic "orders.order.created": expected a whole number >= 1, received 0',
    );
    expect(() => defineTopic({ ...topic, minInSyncReplicas: 1.5 })).toThrow(
      'Invalid minInSyncReplicas for topic "orders.order.created": expected a whole number >= 1, received 1.5',
    );
    expect(defineTopic({ ...topic, replicationFactor: 3, minInSyncReplicas: 2 })).toMatchObject({ replicationFactor: 3, minInSyncReplicas: 2 });
  });

  it('refuses a maxMessageBytes that is not a whole number >= 1', () => {
    const topic = { name: 'orders.order.created', partitions: 3, key: 'id', schema: z.unknown() };
    expect(() => defineTopic({ ...topic, maxMessageBytes: -1 })).toThrow(
      'Invalid maxMessageBytes for topic "orders.order.created": expected a whole number >= 1, received -1',
    );
    expect(defineTopic({ ...topic, maxMessageBytes: 2_097_152 }).maxMessageBytes).toBe(2_097_152);
  });
});

describe('defineCatalog', () => {
  const catalog = defineCatalog({ service: 'orders', topics: [orderCreated] });

  it('finds declared topics and names the known ones for an unknown topic', () => {
    expect(catalog.get('orders.order.created')).toBe(orderCreated);
    expect(() => catalog.get('orders.order.shipped')).toThrow(UnknownTopicError);
    expect(() => catalog.get('orders.order.shipped')).toThrow('Known topics: orders.order.created.');
  });

  it('has no retry topic delays unless it declares them', () => {
    expect(catalog.retryTopicDelaysMs).toBeUndefined();
    expect('retryTopicDelaysMs' in catalog).toBe(false);
    const declared = defineCatalog({ service: 'orders', topics: [orderCreated], retryTopicDelaysMs: [1_000, 10_000, 60_000] });
    expect(declared.retryTopicDelaysMs).toEqual([1_000, 10_000, 60_000]);
    expect(defineCatalog({ service: 'orders', topics: [], retryTopicDelaysMs: [] }).retryTopicDelaysMs).toEqual([]);
  });

  it.each([
    ['a negative delay', [1_000, -1], 'received [1000,-1]'],
    ['a fraction', [1.5], 'received [1.5]'],
    ['seconds as text', ['10s'], 'received ["10s"]'],
    ['a single number', 1_000, 'received 1000'],
    ['more delays than retry topic numbers', Array.from({ length: 100 }, () => 1), 'received 100 delays'],
  ])('refuses %s in retryTopicDelaysMs, with a valid example', (_, retryTopicDelaysMs, received) => {
    const attempt = (): unknown => defineCatalog({ service: 'orders', topics: [], retryTopicDelaysMs: retryTopicDelaysMs as number[] });
    expect(attempt).toThrow(
      'Invalid retryTopicDelaysMs in the orders catalog: expected at most 99 whole milliseconds >= 0, one retry topic each ' +
        '(e.g. retryTopicDelaysMs: [1_000, 10_000, 60_000], or [] for none)',
    );
    expect(attempt).toThrow(received);
  });

  it('refuses a retry delay that its retry topic would not keep the message for', () => {
    const week = 7 * 86_400_000;
    expect(() => defineCatalog({ service: 'orders', topics: [], retryTopicDelaysMs: [60_000, week] })).toThrow(
      `Invalid retryTopicDelaysMs in the orders catalog: ${week} ms is not below the retry topics' retention (${week} ms), ` +
        'so a message would be deleted before its retry. Keep each delay below 7 days.',
    );
    expect(defineCatalog({ service: 'orders', topics: [], retryTopicDelaysMs: [week - 3_600_000] }).retryTopicDelaysMs).toEqual([week - 3_600_000]);
  });

  it("keeps a merge's own service's delays and drops the others'", () => {
    const billing = defineCatalog({ service: 'billing', topics: [], retryTopicDelaysMs: [1_000] });
    const orders = defineCatalog({ service: 'orders', topics: [orderCreated], retryTopicDelaysMs: [5_000] });
    expect(mergeCatalogs('billing', [billing, orders]).retryTopicDelaysMs).toEqual([1_000]);
    expect(mergeCatalogs('shipping', [billing, orders]).retryTopicDelaysMs).toBeUndefined();
    expect(() => mergeCatalogs('billing', [billing, defineCatalog({ service: 'billing', topics: [], retryTopicDelaysMs: [2_000] })])).toThrow(
      'Conflicting retryTopicDelaysMs for billing: [1000] and [2000]. Declare them once, in the billing catalog.',
    );
  });

  it('has no ordered topics unless it declares them, any consumed topic included', () => {
    expect(catalog.orderedTopics).toBeUndefined();
    expect('orderedTopics' in catalog).toBe(false);
    // Topics of another service's catalog, and a saga's reply topic, are consumed topics too.
    const declared = defineCatalog({ service: 'billing', topics: [], orderedTopics: ['orders.order.created', 'orders.order.replies'] });
    expect(declared.orderedTopics).toEqual(['orders.order.created', 'orders.order.replies']);
    expect(defineCatalog({ service: 'billing', topics: [], orderedTopics: [] }).orderedTopics).toEqual([]);
  });

  it.each([
    ['an upper-case name', 'Orders.order.created', 'lowercase'],
    ['a retry topic', 'orders.order.created.retry.billing.1', 'segment-count'],
    ['a number', 42, 'type'],
  ])('refuses %s in orderedTopics by its naming rule, against the catalog entry', (_, topic, rule) => {
    const attempt = (): unknown => defineCatalog({ service: 'billing', topics: [], orderedTopics: [topic as string] });
    expect(attempt).toThrow(NamingError);
    expect(attempt).toThrow(`Invalid topic name in the billing catalog's orderedTopics ${JSON.stringify(topic)}:`);
    expect(attempt).toThrow(`(rule: ${rule}). Example: orders.order.created`);
  });

  it('refuses a topic listed twice in orderedTopics, and orderedTopics that are not a list', () => {
    expect(() => defineCatalog({ service: 'billing', topics: [], orderedTopics: ['orders.order.created', 'orders.order.created'] })).toThrow(
      `Topic "orders.order.created" is listed twice in the billing catalog's orderedTopics: list each ordered topic once.`,
    );
    expect(() => defineCatalog({ service: 'billing', topics: [], orderedTopics: 'orders.order.created' as never })).toThrow(
      "Invalid orderedTopics in the billing catalog: expected an array of topic names (e.g. orderedTopics: ['orders.order.created'], " +
        'or [] for none), received "orders.order.created"',
    );
  });

  it("keeps a merge's own service's ordered topics and drops the others'", () => {
    const billing = defineCatalog({ service: 'billing', topics: [], orderedTopics: ['orders.order.created', 'orders.order.cancelled'] });
    const orders = defineCatalog({ service: 'orders', topics: [orderCreated], orderedTopics: ['payments.payment.captured'] });
    expect(mergeCatalogs('billing', [billing, orders]).orderedTopics).toEqual(['orders.order.created', 'orders.order.cancelled']);
    expect(mergeCatalogs('shipping', [billing, orders]).orderedTopics).toBeUndefined();
    // The same topics in another order are the same setting.
    const reordered = defineCatalog({ service: 'billing', topics: [], orderedTopics: ['orders.order.cancelled', 'orders.order.created'] });
    expect(mergeCatalogs('billing', [billing, reordered]).orderedTopics).toEqual(['orders.order.created', 'orders.order.cancelled']);
    expect(() => mergeCatalogs('billing', [billing, defineCatalog({ service: 'billing', topics: [], orderedTopics: [] })])).toThrow(
      'Conflicting orderedTopics for billing: [orders.order.cancelled, orders.order.created] and []. Declare them once, in the billing catalog.',
    );
  });

  it('refuses a topic declared twice', () => {
    expect(() => defineCatalog({ service: 'orders', topics: [orderCreated, orderCreated] })).toThrow(
      'Topic "orders.order.created" is declared twice in the orders catalog.',
    );
  });

  it('merges a catalog given twice once, and names both services of a topic two catalogs declare', () => {
    const orders = defineCatalog({ service: 'orders', topics: [orderCreated] });
    expect(mergeCatalogs('billing', [orders, orders]).topics).toEqual([orderCreated]);
    const copy = defineCatalog({ service: 'payments', topics: [orderCreated] });
    expect(() => mergeCatalogs('billing', [orders, copy])).toThrow(
      'Topic "orders.order.created" is declared by both the orders and the payments catalog: a topic has one owning service.',
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
