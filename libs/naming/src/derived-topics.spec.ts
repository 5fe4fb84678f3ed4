import { deadLetterTopic, parseDerivedTopic, retryTopic } from './derived-topics';
import { errorOf } from './error-of.spec-helper';

describe('retryTopic', () => {
  it('derives <source>.retry.<service>.<attempt>', () => {
    expect(retryTopic({ source: 'orders.order.created', service: 'billing', attempt: 1 })).toBe(
      'orders.order.created.retry.billing.1',
    );
  });

  it('derives from command and reply topics too', () => {
    expect(
      retryTopic({ source: 'payments.payment.commands', service: 'payments', attempt: 2 }),
    ).toBe('payments.payment.commands.retry.payments.2');
  });

  it.each([0, 100, 1.5, Number.NaN])('rejects attempt %p', (attempt) => {
    const error = errorOf(() =>
      retryTopic({ source: 'orders.order.created', service: 'billing', attempt }),
    );
    expect(error.rule).toBe('attempt');
    expect(error.message).toBe(
      `Invalid retry attempt ${attempt}: expected an integer from 1 to 99, received ${attempt} (rule: attempt). Example: 1`,
    );
  });

  it('rejects an attempt given as a string', () => {
    const attempt = '1' as unknown as number;
    expect(
      errorOf(() => retryTopic({ source: 'orders.order.created', service: 'billing', attempt }))
        .detail,
    ).toBe('expected an integer from 1 to 99, received string "1"');
  });

  it('rejects an invalid source topic', () => {
    expect(
      errorOf(() => retryTopic({ source: 'orders.order.create', service: 'billing', attempt: 1 }))
        .message,
    ).toBe(
      'Invalid source topic "orders.order.create": last segment "create" must be a past-tense fact, "commands" or "replies": expected its last word to end in "ed" or be an irregular past participle like "sent", received "create" (rule: past-tense). Example: orders.order.created',
    );
  });

  it('rejects a derived topic as the source, so names never grow per hop', () => {
    const source = 'orders.order.created.retry.billing.1';
    expect(errorOf(() => retryTopic({ source, service: 'billing', attempt: 2 })).rule).toBe(
      'segment-count',
    );
  });

  it('rejects an invalid service', () => {
    expect(
      errorOf(() => retryTopic({ source: 'orders.order.created', service: 'Billing', attempt: 1 }))
        .message,
    ).toBe(
      'Invalid service name "Billing": must be lowercase (rule: lowercase). Example: order-history',
    );
  });

  it("stays within Kafka's 249 characters for the longest valid source, service and attempt", () => {
    const source = `${'a'.repeat(48)}.${'b'.repeat(48)}.${'x'.repeat(46)}ed`;
    const name = retryTopic({ source, service: 's'.repeat(48), attempt: 99 });
    expect(name).toHaveLength(3 * 48 + 2 + '.retry.'.length + 48 + '.99'.length);
    expect(name.length).toBeLessThanOrEqual(249);
  });
});

describe('deadLetterTopic', () => {
  it('derives <source>.dlt.<service>', () => {
    expect(deadLetterTopic({ source: 'orders.order.created', service: 'billing' })).toBe(
      'orders.order.created.dlt.billing',
    );
  });

  it('rejects an invalid source topic', () => {
    expect(
      errorOf(() => deadLetterTopic({ source: 'orders.created', service: 'billing' })).message,
    ).toBe(
      'Invalid source topic "orders.created": expected 3 dot-separated segments <domain>.<entity>.<event>|commands|replies, received 2 (rule: segment-count). Example: orders.order.created',
    );
  });
});

describe('parseDerivedTopic', () => {
  it('parses a retry topic', () => {
    expect(parseDerivedTopic('orders.order.created.retry.billing.3')).toEqual({
      kind: 'retry',
      source: 'orders.order.created',
      service: 'billing',
      attempt: 3,
    });
  });

  it('parses a dead-letter topic', () => {
    expect(parseDerivedTopic('inventory.stock.reserved.dlt.order-history')).toEqual({
      kind: 'dlt',
      source: 'inventory.stock.reserved',
      service: 'order-history',
    });
  });

  it.each([
    { source: 'orders.order.created', service: 'billing', attempt: 1 },
    { source: 'payments.payment.commands', service: 'payments', attempt: 99 },
    { source: 'orders.order.replies', service: 'orders', attempt: 12 },
  ])('round-trips retryTopic($source, $service, $attempt)', (options) => {
    expect(parseDerivedTopic(retryTopic(options))).toEqual({ kind: 'retry', ...options });
  });

  it.each([
    { source: 'payments.payment.refunded', service: 'billing' },
    { source: 'inventory.stock.stock-released', service: 'order-history' },
  ])('round-trips deadLetterTopic($source, $service)', (options) => {
    expect(parseDerivedTopic(deadLetterTopic(options))).toEqual({ kind: 'dlt', ...options });
  });

  it.each([
    [
      'orders.order.created',
      'segment-count',
      'expected <source>.retry.<service>.<attempt> (6 segments) or <source>.dlt.<service> (5 segments), received 3 segments',
    ],
    [
      'orders.order.created.dead.billing',
      'derived-kind',
      'expected segment 4 to be "retry" (6 segments) or "dlt" (5 segments), received "dead" with 5 segments',
    ],
    [
      'orders.order.created.retry.billing',
      'derived-kind',
      'expected segment 4 to be "retry" (6 segments) or "dlt" (5 segments), received "retry" with 5 segments',
    ],
    ['orders.order.created.dlt.', 'empty-segment', 'segment 5 is empty'],
    ['orders.Order.created.dlt.billing', 'lowercase', 'segment "Order" must be lowercase'],
    [
      'orders.order.created.dlt.billing_x',
      'characters',
      'service "billing_x" may contain only a-z, 0-9 and "-", received "_"',
    ],
    [
      'orders.order.created.retry.billing.01',
      'attempt',
      'expected the attempt to be an integer from 1 to 99, received "01"',
    ],
    [
      'orders.order.created.retry.billing.100',
      'attempt',
      'expected the attempt to be an integer from 1 to 99, received "100"',
    ],
    [
      '',
      'empty',
      'expected <source>.retry.<service>.<attempt> (6 segments) or <source>.dlt.<service> (5 segments), received an empty string',
    ],
  ])('rejects %j', (name, rule, detail) => {
    const error = errorOf(() => parseDerivedTopic(name));
    expect(error.rule).toBe(rule);
    expect(error.message).toBe(
      `Invalid derived topic name ${JSON.stringify(name)}: ${detail} (rule: ${rule}). Example: orders.order.created.dlt.billing`,
    );
  });
});
