import { NamingError } from './errors';
import { errorOf } from './error-of.spec-helper';
import {
  checkTopicName,
  isValidTopicName,
  parseTopicName,
  topicName,
  validateTopicName,
} from './topic-name';

describe('validateTopicName', () => {
  it.each([
    'orders.order.created',
    'payments.payment.processed',
    'inventory.stock.updated',
    'inventory.stock.reserved',
    'inventory.stock.released',
    'payments.payment.refunded',
    'orders.order.shipped',
    'inventory.stock.stock-reserved',
    'payments.payment.payment-declined',
    'notifications.email.sent',
    'billing.invoice.paid',
    'order-history.line-item2.split',
  ])('accepts %s', (name) => {
    expect(() => validateTopicName(name)).not.toThrow();
    expect(isValidTopicName(name)).toBe(true);
  });

  it.each([
    [
      'Orders.order.created',
      'lowercase',
      'Invalid topic name "Orders.order.created": segment "Orders" must be lowercase (rule: lowercase). Example: orders.order.created',
    ],
    [
      'orders.created',
      'segment-count',
      'Invalid topic name "orders.created": expected 3 dot-separated segments <domain>.<entity>.<event>, received 2 (rule: segment-count). Example: orders.order.created',
    ],
    [
      'orders.order.item.created',
      'segment-count',
      'Invalid topic name "orders.order.item.created": expected 3 dot-separated segments <domain>.<entity>.<event>, received 4 (rule: segment-count). Example: orders.order.created',
    ],
    [
      '1orders.order.created',
      'leading-letter',
      'Invalid topic name "1orders.order.created": segment "1orders" must start with a letter a-z, received "1" (rule: leading-letter). Example: orders.order.created',
    ],
    [
      'orders.-order.created',
      'leading-letter',
      'Invalid topic name "orders.-order.created": segment "-order" must start with a letter a-z, received "-" (rule: leading-letter). Example: orders.order.created',
    ],
    [
      'orders.order_line.created',
      'characters',
      'Invalid topic name "orders.order_line.created": segment "order_line" may contain only a-z, 0-9 and "-", received "_" (rule: characters). Example: orders.order.created',
    ],
    [
      'orders.order.stock--reserved',
      'hyphens',
      'Invalid topic name "orders.order.stock--reserved": segment "stock--reserved" must not contain "--" (rule: hyphens). Example: orders.order.created',
    ],
    [
      'orders.order-.created',
      'hyphens',
      'Invalid topic name "orders.order-.created": segment "order-" must not end with "-" (rule: hyphens). Example: orders.order.created',
    ],
    [
      'orders.order.create',
      'past-tense',
      'Invalid topic name "orders.order.create": event "create" must be a past-tense fact: expected its last word to end in "ed" or be an irregular past participle like "sent", received "create" (rule: past-tense). Example: orders.order.created',
    ],
    [
      'inventory.stock.stock-reserve',
      'past-tense',
      'Invalid topic name "inventory.stock.stock-reserve": event "stock-reserve" must be a past-tense fact: expected its last word to end in "ed" or be an irregular past participle like "sent", received "reserve" (rule: past-tense). Example: orders.order.created',
    ],
    [
      'orders..created',
      'empty-segment',
      'Invalid topic name "orders..created": segment 2 is empty (rule: empty-segment). Example: orders.order.created',
    ],
    [
      '',
      'empty',
      'Invalid topic name "": expected <domain>.<entity>.<event>, received an empty string (rule: empty). Example: orders.order.created',
    ],
  ])('rejects %j', (name, rule, message) => {
    const error = errorOf(() => validateTopicName(name));
    expect(error.rule).toBe(rule);
    expect(error.value).toBe(name);
    expect(error.example).toBe('orders.order.created');
    expect(error.message).toBe(message);
    expect(isValidTopicName(name)).toBe(false);
  });

  it('rejects a segment longer than 48 characters', () => {
    const entity = 'e'.repeat(49);
    const error = errorOf(() => validateTopicName(`orders.${entity}.created`));
    expect(error.rule).toBe('segment-too-long');
    expect(error.detail).toBe(`segment "${entity}" must be at most 48 characters, received 49`);
  });

  it("rejects a name longer than Kafka's 249 characters before looking at segments", () => {
    const name = `orders.${'e'.repeat(235)}.created`;
    expect(name).toHaveLength(250);
    const error = errorOf(() => validateTopicName(name));
    expect(error.rule).toBe('too-long');
    expect(error.detail).toBe('expected at most 249 characters, received 250');
  });

  it('rejects a value that is not a string, as JavaScript callers may pass one', () => {
    const error = errorOf(() => validateTopicName(undefined as unknown as string));
    expect(error.message).toBe(
      'Invalid topic name undefined: expected a string, received undefined (rule: type). Example: orders.order.created',
    );
  });

  it('rejects command and reply topics: they are not facts', () => {
    expect(errorOf(() => validateTopicName('payments.payment.commands')).rule).toBe('past-tense');
  });
});

describe('past-tense rule', () => {
  it.each([
    'stock-reserved',
    'sent',
    'paid',
    'built',
    'held',
    'won',
    'lost',
    'made',
    'split',
    'read',
    'fed',
  ])('accepts %s', (event) => expect(isValidTopicName(`orders.order.${event}`)).toBe(true));

  it.each(['create', 'creating', 'ship', 'proceed', 'embed', 'need', 'red', 'ed', 'sent-later'])(
    'rejects %s',
    (event) => expect(isValidTopicName(`orders.order.${event}`)).toBe(false),
  );
});

describe('checkTopicName', () => {
  it('returns ok for a valid name', () => {
    expect(checkTopicName('orders.order.created')).toEqual({ ok: true });
  });

  it('returns the same error validateTopicName throws', () => {
    const check = checkTopicName('orders.Order.created');
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error).toBeInstanceOf(NamingError);
    expect(check.error.message).toBe(
      errorOf(() => validateTopicName('orders.Order.created')).message,
    );
  });
});

describe('topicName', () => {
  it('joins the segments', () => {
    expect(topicName({ domain: 'inventory', entity: 'stock', event: 'reserved' })).toBe(
      'inventory.stock.reserved',
    );
  });

  it('reports a dot inside a part on that part', () => {
    const error = errorOf(() =>
      topicName({ domain: 'orders.eu', entity: 'order', event: 'created' }),
    );
    expect(error.message).toBe(
      'Invalid topic name "orders.eu.order.created": segment "orders.eu" may contain only a-z, 0-9 and "-", received "." (rule: characters). Example: orders.order.created',
    );
  });

  it('rejects a missing part instead of joining "undefined"', () => {
    const parts = { domain: 'orders', entity: 'order' } as {
      domain: string;
      entity: string;
      event: string;
    };
    const error = errorOf(() => topicName(parts));
    expect(error.message).toBe(
      'Invalid topic event undefined: expected a string, received undefined (rule: type). Example: orders.order.created',
    );
  });

  it('rejects a present-tense event', () => {
    expect(
      errorOf(() => topicName({ domain: 'orders', entity: 'order', event: 'create' })).rule,
    ).toBe('past-tense');
  });
});

describe('parseTopicName', () => {
  it('splits a valid name', () => {
    expect(parseTopicName('payments.payment.payment-declined')).toEqual({
      domain: 'payments',
      entity: 'payment',
      event: 'payment-declined',
    });
  });

  it('round-trips with topicName', () => {
    const parts = { domain: 'order-history', entity: 'entry', event: 'written' };
    expect(parseTopicName(topicName(parts))).toEqual(parts);
  });

  it('throws on an invalid name', () => {
    expect(errorOf(() => parseTopicName('orders.order')).rule).toBe('segment-count');
  });
});
