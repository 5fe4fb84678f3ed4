import { NamingError } from '@platform/naming';
import { z } from 'zod';
import { UnknownTopicError } from '../errors';
import { defineCatalog, defineTopic } from '../topics';
import {
  consumerDerivedTopics,
  consumerSubscribedTopics,
  FORWARD_HEADROOM_BYTES,
} from './consumer-topics';

const catalog = defineCatalog({
  service: 'orders',
  topics: [
    defineTopic({
      name: 'orders.order.created',
      partitions: 12,
      key: 'order id',
      schema: z.object({ id: z.string() }),
    }),
    defineTopic({
      name: 'orders.order.cancelled',
      partitions: 6,
      key: 'order id',
      schema: z.object({ id: z.string() }),
    }),
  ],
});

describe('consumerDerivedTopics', () => {
  it('lists retry topics per delay and one dead-letter topic per source, shaped like the source', () => {
    const topics = consumerDerivedTopics({
      service: 'billing',
      catalog,
      subscriptions: [
        { topic: 'orders.order.created' },
        { topic: 'orders.order.cancelled', ordered: true },
      ],
      retry: { retryTopicDelaysMs: [1_000, 60_000] },
    });
    expect(
      topics.map(({ name, role, partitions, cleanupPolicy }) => ({
        name,
        role,
        partitions,
        cleanupPolicy,
      })),
    ).toEqual([
      {
        name: 'orders.order.created.retry.billing.1',
        role: 'retry',
        partitions: 12,
        cleanupPolicy: 'delete',
      },
      {
        name: 'orders.order.created.retry.billing.2',
        role: 'retry',
        partitions: 12,
        cleanupPolicy: 'delete',
      },
      {
        name: 'orders.order.created.dlt.billing',
        role: 'dead-letter',
        partitions: 12,
        cleanupPolicy: 'delete',
      },
      // Ordered topics never use retry topics.
      {
        name: 'orders.order.cancelled.dlt.billing',
        role: 'dead-letter',
        partitions: 6,
        cleanupPolicy: 'delete',
      },
    ]);
    expect(topics[2].retentionMs).toBe(14 * 24 * 60 * 60 * 1000);
  });

  it('gives retry and dead-letter topics room for the forwarding headers above the source limit', () => {
    const sized = defineCatalog({
      service: 'orders',
      topics: [
        defineTopic({
          name: 'orders.order.created',
          partitions: 1,
          key: 'order id',
          schema: z.object({ id: z.string() }),
          maxMessageBytes: 5_000_000,
        }),
        defineTopic({
          name: 'orders.order.cancelled',
          partitions: 1,
          key: 'order id',
          schema: z.object({ id: z.string() }),
        }),
      ],
    });
    const topics = consumerDerivedTopics({
      service: 'billing',
      catalog: sized,
      subscriptions: [{ topic: 'orders.order.created' }, { topic: 'orders.order.cancelled' }],
      retry: { retryTopicDelaysMs: [1_000] },
    });
    expect(topics.map(({ name, maxMessageBytes }) => [name, maxMessageBytes])).toEqual([
      ['orders.order.created.retry.billing.1', 5_000_000 + FORWARD_HEADROOM_BYTES],
      ['orders.order.created.dlt.billing', 5_000_000 + FORWARD_HEADROOM_BYTES],
      // No limit declared: the broker's default one.
      ['orders.order.cancelled.retry.billing.1', 1_048_588 + FORWARD_HEADROOM_BYTES],
      ['orders.order.cancelled.dlt.billing', 1_048_588 + FORWARD_HEADROOM_BYTES],
    ]);
  });

  it('uses three retry topics by default', () => {
    expect(
      consumerSubscribedTopics({
        service: 'billing',
        catalog,
        subscriptions: [{ topic: 'orders.order.created' }],
      }),
    ).toEqual([
      'orders.order.created',
      'orders.order.created.retry.billing.1',
      'orders.order.created.retry.billing.2',
      'orders.order.created.retry.billing.3',
    ]);
  });

  it('fails on an invalid topic name with the naming rule it broke', () => {
    let error: unknown;
    try {
      consumerDerivedTopics({
        service: 'billing',
        catalog,
        subscriptions: [{ topic: 'orders.order.create' }],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NamingError);
    expect((error as NamingError).rule).toBe('past-tense');
  });

  it('fails on a topic missing from the catalog', () => {
    expect(() =>
      consumerDerivedTopics({
        service: 'billing',
        catalog,
        subscriptions: [{ topic: 'orders.order.shipped' }],
      }),
    ).toThrow(UnknownTopicError);
  });

  it('fails on an invalid service name with its rule', () => {
    expect(() =>
      consumerDerivedTopics({
        service: 'billing-service',
        catalog,
        subscriptions: [{ topic: 'orders.order.created' }],
      }),
    ).toThrow('(rule: service-suffix)');
  });

  it('fails on more retry topics than the naming rules allow', () => {
    expect(() =>
      consumerDerivedTopics({
        service: 'billing',
        catalog,
        subscriptions: [{ topic: 'orders.order.created' }],
        retry: { retryTopicDelaysMs: Array.from({ length: 100 }, () => 1) },
      }),
    ).toThrow('(rule: attempt)');
  });
});
