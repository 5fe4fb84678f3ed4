import { RetriesExhaustedError } from '../errors';
import {
  DeadLetterHeader,
  deadLetterHeaders,
  MAX_ERROR_STACK_BYTES,
  truncateUtf8,
} from './dead-letter-headers';
import { RetryHeader, retryHeaders } from './retry-headers';

describe('deadLetterHeaders', () => {
  const facts = {
    originalTopic: 'orders.order.created',
    originalPartition: 7,
    originalOffset: '9223372036854775806',
    originalTimestamp: '1700000000000',
    key: Buffer.from('order-42'),
    consumerGroup: 'billing',
    attempts: 5,
    reason: 'retries-exhausted' as const,
    error: new RetriesExhaustedError(5, new Error('boom')),
    failedAt: new Date('2025-01-02T03:04:05.000Z'),
  };

  it('writes every header under the dlt_ prefix', () => {
    const headers = deadLetterHeaders(facts);
    expect(headers).toEqual({
      dlt_original_topic: 'orders.order.created',
      dlt_original_partition: '7',
      dlt_original_offset: '9223372036854775806',
      dlt_original_timestamp: '1700000000000',
      dlt_original_key: 'order-42',
      dlt_consumer_group: 'billing',
      dlt_attempts: '5',
      dlt_reason: 'retries-exhausted',
      dlt_error_class: 'RetriesExhaustedError',
      dlt_error_message: 'Gave up after 5 attempt(s): boom',
      dlt_error_stack: expect.stringContaining(
        'RetriesExhaustedError: Gave up after 5 attempt(s): boom',
      ),
      dlt_failed_at: '2025-01-02T03:04:05.000Z',
    });
    expect(Object.keys(headers).every((name) => name.startsWith('dlt_'))).toBe(true);
    expect(Object.values(DeadLetterHeader).sort()).toEqual(Object.keys(headers).sort());
  });

  it('bounds the stack to 4 KiB', () => {
    const error = new Error('deep');
    error.stack = `Error: deep\n${'    at frame (/srv/app/handler.ts:1:1)\n'.repeat(1_000)}`;
    const stack = deadLetterHeaders({ ...facts, error })[DeadLetterHeader.ErrorStack];
    expect(Buffer.byteLength(stack)).toBeLessThanOrEqual(MAX_ERROR_STACK_BYTES);
    expect(stack.startsWith('Error: deep\n')).toBe(true);
    expect(stack.endsWith('…[truncated]')).toBe(true);
  });

  it('omits the key header for a message without a key', () => {
    expect(deadLetterHeaders({ ...facts, key: null })).not.toHaveProperty(
      DeadLetterHeader.OriginalKey,
    );
  });

  it('names thrown non-errors by their type', () => {
    const headers = deadLetterHeaders({ ...facts, error: 'plain string' });
    expect(headers[DeadLetterHeader.ErrorClass]).toBe('string');
    expect(headers[DeadLetterHeader.ErrorMessage]).toBe('plain string');
  });

  it.each<[string, () => unknown, string, string]>([
    ['undefined', () => undefined, 'undefined', 'undefined'],
    ['a plain object', () => ({ code: 'E_LOCKED' }), 'object', '{"code":"E_LOCKED"}'],
    ['an object without a prototype', () => Object.create(null), 'object', '{}'],
    [
      'an object whose toString throws',
      () => ({
        toString() {
          throw new Error('no');
        },
      }),
      'object',
      '{}',
    ],
    [
      'an Error whose message is not a string',
      () => Object.assign(new Error('x'), { message: 42 }),
      'Error',
      '42',
    ],
    [
      'an Error whose getters throw',
      () => {
        const throws = {
          get() {
            throw new Error('getter');
          },
        };
        return Object.create(TypeError.prototype, { name: throws, message: throws, stack: throws });
      },
      'unknown',
      '(a thrown value that cannot be described)',
    ],
    [
      'a Proxy whose traps throw',
      () =>
        new Proxy(
          {},
          {
            getPrototypeOf() {
              throw new Error('trap');
            },
          },
        ),
      'unknown',
      '(a thrown value that cannot be described)',
    ],
  ])('describes %s without throwing, as text', (_, make, errorClass, message) => {
    // Built on the failure path outside any try: a throw here crash-looped the consumer.
    const dead = deadLetterHeaders({ ...facts, error: make() });
    expect(Object.values(dead).every((value) => typeof value === 'string')).toBe(true);
    expect(dead[DeadLetterHeader.ErrorClass]).toBe(errorClass);
    expect(dead[DeadLetterHeader.ErrorMessage]).toBe(message);
    expect(dead[DeadLetterHeader.ErrorStack]).toContain(message);
    const retry = retryHeaders({
      original: { topic: 'orders.order.created', partition: 7, offset: '1', timestamp: '1' },
      attempts: 3,
      dueAt: 1,
      error: make(),
    });
    expect(Object.values(retry).every((value) => typeof value === 'string')).toBe(true);
    expect(retry[RetryHeader.ErrorClass]).toBe(errorClass);
    expect(retry[RetryHeader.ErrorMessage]).toBe(message);
  });
});

describe('truncateUtf8', () => {
  it('leaves short text alone', () => {
    expect(truncateUtf8('short', 100)).toBe('short');
  });

  it('never splits a multi-byte character', () => {
    const text = '€'.repeat(100); // 3 bytes each
    const cut = truncateUtf8(text, 40);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(40);
    expect(cut).toBe(`${'€'.repeat(8)}…[truncated]`);
    expect(cut).not.toContain('\uFFFD');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateUtf8('😀'.repeat(50), 31); // 4 bytes each; 17 bytes of room hold 4 of them
    expect(cut).toBe(`${'😀'.repeat(4)}…[truncated]`);
    expect(Buffer.byteLength(cut)).toBe(30);
  });
});
