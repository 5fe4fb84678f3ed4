import { z } from 'zod';
import { defineCatalog, defineTopic, mergeCatalogs } from '../topics';
import { normalizeConsumerOptions } from './consumer-config';
import type { EventConsumerOptions } from './consumer-options';
import { consumerDerivedTopics, consumerSubscribedTopics } from './consumer-topics';
import { retryTopicDelaysFor } from './retry-topic-delays';

const orderCreated = defineTopic({
  name: 'orders.order.created',
  partitions: 3,
  key: 'order id',
  schema: z.unknown(),
});
const orders = defineCatalog({ service: 'orders', topics: [orderCreated] });
// billing's own catalog declares its consumer's delays; it reads orders' topic through the merge.
const billingOwn = defineCatalog({
  service: 'billing',
  topics: [],
  retryTopicDelaysMs: [1_000, 10_000, 60_000, 300_000],
});
const billing = mergeCatalogs('billing', [billingOwn, orders]);
const handler = async (): Promise<void> => undefined;
const options = (overrides: Partial<EventConsumerOptions> = {}): EventConsumerOptions => ({
  service: 'billing',
  catalog: billing,
  subscriptions: [{ topic: 'orders.order.created', handler }],
  ...overrides,
});

describe('retryTopicDelaysFor', () => {
  it("takes the service catalog's delays when the options give none", () => {
    expect(retryTopicDelaysFor(options())).toEqual([1_000, 10_000, 60_000, 300_000]);
    expect(normalizeConsumerOptions(options()).retry.retryTopicDelaysMs).toEqual([
      1_000, 10_000, 60_000, 300_000,
    ]);
  });

  it('takes the options’ delays when the catalog declares none, else the default', () => {
    const plain = mergeCatalogs('billing', [orders]);
    expect(
      normalizeConsumerOptions(options({ catalog: plain, retry: { retryTopicDelaysMs: [500] } }))
        .retry.retryTopicDelaysMs,
    ).toEqual([500]);
    expect(normalizeConsumerOptions(options({ catalog: plain })).retry.retryTopicDelaysMs).toEqual([
      10_000, 60_000, 600_000,
    ]);
  });

  it('accepts the same delays in both places', () => {
    const retry = { retryTopicDelaysMs: [1_000, 10_000, 60_000, 300_000] };
    expect(normalizeConsumerOptions(options({ retry })).retry.retryTopicDelaysMs).toEqual(
      retry.retryTopicDelaysMs,
    );
  });

  it('refuses different delays in the options and the catalog, saying which to remove', () => {
    const conflicting = options({ retry: { retryTopicDelaysMs: [500] } });
    expect(() => normalizeConsumerOptions(conflicting)).toThrow(
      "Conflicting retry topic delays for billing: the consumer's retry.retryTopicDelaysMs is [500] but the billing catalog " +
        'declares retryTopicDelaysMs [1000, 10000, 60000, 300000]. Remove retry.retryTopicDelaysMs from the consumer options',
    );
    expect(() => consumerDerivedTopics(conflicting)).toThrow(
      'Conflicting retry topic delays for billing',
    );
  });

  it("ignores another service's catalog delays: they are that service's consumer's", () => {
    const ordersWithDelays = defineCatalog({
      service: 'orders',
      topics: [orderCreated],
      retryTopicDelaysMs: [5],
    });
    expect(
      retryTopicDelaysFor(
        options({ catalog: ordersWithDelays, retry: { retryTopicDelaysMs: [500] } }),
      ),
    ).toEqual([500]);
    expect(retryTopicDelaysFor(options({ catalog: ordersWithDelays }))).toEqual([
      10_000, 60_000, 600_000,
    ]);
  });

  it('derives and subscribes to one retry topic per catalog delay, none for an ordered subscription', () => {
    const subscriptions = [{ topic: 'orders.order.created' }];
    expect(
      consumerDerivedTopics({ service: 'billing', catalog: billing, subscriptions }).map(
        (t) => t.name,
      ),
    ).toEqual([
      'orders.order.created.retry.billing.1',
      'orders.order.created.retry.billing.2',
      'orders.order.created.retry.billing.3',
      'orders.order.created.retry.billing.4',
      'orders.order.created.dlt.billing',
    ]);
    expect(
      consumerSubscribedTopics({ service: 'billing', catalog: billing, subscriptions }),
    ).toHaveLength(5);
    expect(
      consumerDerivedTopics({
        service: 'billing',
        catalog: billing,
        subscriptions: [{ topic: 'orders.order.created', ordered: true }],
      }).map((t) => t.name),
    ).toEqual(['orders.order.created.dlt.billing']);
  });

  it('takes [] from the catalog: no retry topics, dead letters after the in-place tries', () => {
    const none = mergeCatalogs('billing', [
      defineCatalog({ service: 'billing', topics: [], retryTopicDelaysMs: [] }),
      orders,
    ]);
    expect(normalizeConsumerOptions(options({ catalog: none })).routes.size).toBe(1);
  });
});
