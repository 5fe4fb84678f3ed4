import { z } from 'zod';
import { defineCatalog, defineTopic } from '../topics';
import { normalizeConsumerOptions } from './consumer-config';
import type { EventConsumerOptions } from './consumer-options';

const catalog = defineCatalog({
  service: 'orders',
  topics: [
    defineTopic({
      name: 'orders.order.created',
      partitions: 3,
      key: 'order id',
      schema: z.object({ id: z.string() }),
    }),
  ],
});
const base: EventConsumerOptions = {
  service: 'billing',
  catalog,
  subscriptions: [{ topic: 'orders.order.created', handler: async () => undefined }],
};

describe('normalizeConsumerOptions', () => {
  it('fills the defaults', () => {
    const config = normalizeConsumerOptions(base);
    expect(config).toMatchObject({
      groupId: 'billing',
      commit: { mode: 'interval', intervalMs: 1_000 },
      partitionsConsumedConcurrently: 4,
      retry: {
        inPlaceAttempts: 3,
        backoff: { baseMs: 200, maxMs: 5_000 },
        retryTopicDelaysMs: [10_000, 60_000, 600_000],
      },
      ordered: {
        attempts: 10,
        backoff: { baseMs: 500, maxMs: 30_000 },
        onExhausted: 'dead-letter',
      },
      fromBeginning: true,
      sessionTimeoutMs: 30_000,
      heartbeatIntervalMs: 3_000,
      maxWaitTimeMs: 500,
      maxBlockingWaitMs: 500,
    });
    expect([...config.routes.keys()]).toHaveLength(4);
    expect(config.routes.get('orders.order.created.retry.billing.2')).toMatchObject({
      hop: 2,
      sourceTopic: 'orders.order.created',
    });
  });

  it.each<[string, Partial<EventConsumerOptions>, string]>([
    [
      'commit interval',
      { commit: { mode: 'interval', intervalMs: 0 } },
      'Invalid commit.intervalMs, expected an integer >= 1 received 0',
    ],
    ['commit mode', { commit: { mode: 'sometimes' } as never }, 'Invalid commit policy'],
    [
      'concurrency',
      { partitionsConsumedConcurrently: 0 },
      'Invalid partitionsConsumedConcurrently, expected an integer >= 1 received 0',
    ],
    [
      'in-place attempts',
      { retry: { inPlaceAttempts: 1.5 } },
      'Invalid retry.inPlaceAttempts, expected an integer >= 1 received 1.5',
    ],
    [
      'backoff',
      { retry: { backoff: { baseMs: 500, maxMs: 100 } } },
      'Invalid retry.backoff.maxMs, expected at least baseMs (500) received 100',
    ],
    [
      'delay',
      { retry: { retryTopicDelaysMs: [-1] } },
      'Invalid retry.retryTopicDelaysMs[0], expected an integer >= 0 received -1',
    ],
    ['on exhausted', { ordered: { onExhausted: 'skip' as never } }, 'Invalid ordered.onExhausted'],
    [
      'heartbeat',
      { session: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 6_000 } },
      'Invalid session.heartbeatIntervalMs',
    ],
    [
      'no subscriptions',
      { subscriptions: [] },
      'Invalid subscriptions, expected at least one { topic, handler } received none',
    ],
    [
      'duplicate subscription',
      { subscriptions: [base.subscriptions[0], base.subscriptions[0]] },
      'Invalid subscriptions, topic "orders.order.created" is subscribed twice',
    ],
    [
      'handler',
      { subscriptions: [{ topic: 'orders.order.created', handler: 'nope' as never }] },
      'Invalid handler for topic "orders.order.created", expected an async function received string',
    ],
    [
      'missing handler',
      { subscriptions: [{ topic: 'orders.order.created' } as never] },
      'Invalid handler for topic "orders.order.created", expected an async function received undefined',
    ],
    [
      'subscription',
      { subscriptions: [null as never] },
      'Invalid subscriptions, expected { topic, handler } objects received null',
    ],
    [
      'delay list',
      { retry: { retryTopicDelaysMs: 10_000 as never } },
      'Invalid retry.retryTopicDelaysMs, expected an array of delays in ms ([] for no retry topics) received 10000',
    ],
    [
      // Node fires a longer timer after 1 ms: stop() gave up on the handlers in flight at once.
      'shutdown timeout',
      { shutdownTimeoutMs: 3_000_000_000 },
      "Invalid shutdownTimeoutMs, expected at most 2147483647 (ms, Node's longest timer) received 3000000000",
    ],
    [
      'commit interval beyond a timer',
      { commit: { mode: 'interval', intervalMs: 2 ** 31 } },
      'Invalid commit.intervalMs, expected at most 2147483647',
    ],
    [
      'ordered',
      { subscriptions: [{ ...base.subscriptions[0], ordered: 'true' as never }] },
      'Invalid ordered for topic "orders.order.created", expected true or false received "true"',
    ],
    [
      // A boolean where the ordered retry options go: silently the defaults, nothing ordered.
      'ordered section',
      { ordered: true as never },
      'Invalid ordered, expected an object { attempts, backoff, onExhausted } (each optional) received true',
    ],
    [
      'backoff section',
      { retry: { backoff: 1_000 as never } },
      'Invalid retry.backoff, expected an object { baseMs, maxMs } (each optional) received 1000',
    ],
    [
      'misspelt option',
      { retry: { inPlaceAttemps: 5 } as never },
      'Invalid retry.inPlaceAttemps, an unknown option: expected one of inPlaceAttempts, backoff, retryTopicDelaysMs',
    ],
    [
      'misspelt session option',
      { session: { sessionTimeout: 6_000 } as never },
      'Invalid session.sessionTimeout, an unknown option',
    ],
  ])('rejects an invalid %s', (_, override, message) => {
    expect(() => normalizeConsumerOptions({ ...base, ...override })).toThrow(message);
  });
});
