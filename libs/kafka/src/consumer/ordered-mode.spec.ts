import { z } from 'zod';
import { defineCatalog, defineTopic, mergeCatalogs } from '../topics';
import { normalizeConsumerOptions } from './consumer-config';
import type { EventConsumerOptions } from './consumer-options';
import { consumerDerivedTopics, consumerSubscribedTopics } from './consumer-topics';
import { orderedModeFor } from './ordered-mode';

const created = 'orders.order.created';
const cancelled = 'orders.order.cancelled';
const topic = (name: string) =>
  defineTopic({ name, partitions: 3, key: 'order id', schema: z.unknown() });
const orders = defineCatalog({ service: 'orders', topics: [topic(created), topic(cancelled)] });
// billing's own catalog declares which of the topics it reads are ordered; it reads orders' through the merge.
const billingOwn = defineCatalog({ service: 'billing', topics: [], orderedTopics: [created] });
const billing = mergeCatalogs('billing', [billingOwn, orders]);
const plain = mergeCatalogs('billing', [orders]);
const handler = async (): Promise<void> => undefined;
const options = (overrides: Partial<EventConsumerOptions> = {}): EventConsumerOptions => ({
  service: 'billing',
  catalog: billing,
  subscriptions: [
    { topic: created, handler },
    { topic: cancelled, handler },
  ],
  retry: { retryTopicDelaysMs: [1_000, 10_000] },
  ...overrides,
});
const orderedRoutes = (consumer: EventConsumerOptions): Record<string, boolean> =>
  Object.fromEntries(
    [...normalizeConsumerOptions(consumer).routes.values()]
      .filter((route) => route.hop === 0)
      .map((route) => [route.topic, route.ordered]),
  );

describe('orderedModeFor', () => {
  it("takes the service catalog's orderedTopics when the subscription does not say", () => {
    expect(orderedModeFor({ service: 'billing', catalog: billing, topic: created })).toBe(true);
    expect(orderedModeFor({ service: 'billing', catalog: billing, topic: cancelled })).toBe(false);
    expect(orderedRoutes(options())).toEqual({ [created]: true, [cancelled]: false });
  });

  it("takes the subscription's ordered when the catalog declares none, else unordered", () => {
    expect(orderedModeFor({ service: 'billing', catalog: plain, topic: created })).toBe(false);
    expect(
      orderedModeFor({ service: 'billing', catalog: plain, topic: created, ordered: true }),
    ).toBe(true);
    expect(
      orderedRoutes(
        options({
          catalog: plain,
          subscriptions: [
            { topic: created, handler, ordered: true },
            { topic: cancelled, handler },
          ],
        }),
      ),
    ).toEqual({ [created]: true, [cancelled]: false });
  });

  it('accepts a subscription that agrees with the catalog', () => {
    const agreeing = options({
      subscriptions: [
        { topic: created, handler, ordered: true },
        { topic: cancelled, handler, ordered: false },
      ],
    });
    expect(orderedRoutes(agreeing)).toEqual({ [created]: true, [cancelled]: false });
  });

  it('refuses a subscription that says unordered for a topic the catalog lists, saying to remove it', () => {
    const conflicting = options({
      subscriptions: [{ topic: created, handler, ordered: false }],
    });
    const message =
      "Conflicting ordered mode of orders.order.created for billing: the subscription's ordered makes it unordered " +
      "but the billing catalog's orderedTopics lists it (ordered). Remove the subscription's ordered: the catalog " +
      'decides, and `npm run topics -- apply` reads it too.';
    expect(() => normalizeConsumerOptions(conflicting)).toThrow(message);
    expect(() => consumerDerivedTopics(conflicting)).toThrow(message);
  });

  it('refuses an ordered subscription the declaring catalog does not list, saying where it belongs', () => {
    const conflicting = options({
      subscriptions: [{ topic: cancelled, handler, ordered: true }],
    });
    expect(() => normalizeConsumerOptions(conflicting)).toThrow(
      "Conflicting ordered mode of orders.order.cancelled for billing: the subscription's ordered makes it ordered " +
        "but the billing catalog's orderedTopics does not list it (unordered). Remove the subscription's ordered and, " +
        "if orders.order.cancelled needs per-key order, add it to the billing catalog's orderedTopics, which " +
        '`npm run topics -- apply` reads too.',
    );
  });

  it('names the caller’s own option in a conflict', () => {
    expect(() =>
      orderedModeFor({
        service: 'billing',
        catalog: billing,
        topic: cancelled,
        ordered: true,
        option: 'consumer.orderedTopics',
      }),
    ).toThrow('Remove consumer.orderedTopics and, if orders.order.cancelled needs per-key order');
  });

  it("ignores another service's orderedTopics: they are that service's consumer's", () => {
    const ordersOrdered = defineCatalog({
      service: 'orders',
      topics: orders.topics,
      orderedTopics: [created],
    });
    expect(orderedModeFor({ service: 'billing', catalog: ordersOrdered, topic: created })).toBe(
      false,
    );
    expect(
      orderedModeFor({
        service: 'billing',
        catalog: ordersOrdered,
        topic: cancelled,
        ordered: true,
      }),
    ).toBe(true);
  });

  it('derives and subscribes to no retry topics for a topic the catalog lists, keeping its dead-letter topic', () => {
    const subscriptions = [{ topic: created }, { topic: cancelled }];
    const topology = { service: 'billing', catalog: billing, subscriptions };
    expect(consumerDerivedTopics(topology).map((t) => t.name)).toEqual([
      'orders.order.created.dlt.billing',
      'orders.order.cancelled.retry.billing.1',
      'orders.order.cancelled.retry.billing.2',
      'orders.order.cancelled.retry.billing.3',
      'orders.order.cancelled.dlt.billing',
    ]);
    expect(consumerSubscribedTopics(topology)).toEqual([
      created,
      cancelled,
      'orders.order.cancelled.retry.billing.1',
      'orders.order.cancelled.retry.billing.2',
      'orders.order.cancelled.retry.billing.3',
    ]);
  });

  it('takes [] from the catalog: every subscription unordered, and an ordered one refused', () => {
    const none = mergeCatalogs('billing', [
      defineCatalog({ service: 'billing', topics: [], orderedTopics: [] }),
      orders,
    ]);
    expect(orderedRoutes(options({ catalog: none }))).toEqual({
      [created]: false,
      [cancelled]: false,
    });
    expect(() =>
      normalizeConsumerOptions(
        options({ catalog: none, subscriptions: [{ topic: created, handler, ordered: true }] }),
      ),
    ).toThrow('Conflicting ordered mode of orders.order.created for billing');
  });
});
