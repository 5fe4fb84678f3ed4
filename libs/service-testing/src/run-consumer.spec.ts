import { consumerDerivedTopics, defineCatalog, defineTopic } from '@platform/kafka';
import { z } from 'zod';
import { runConsumer, runSubscriptions } from './run-consumer';
import { TEST_CONSUMER } from './service-under-test';

const topic = (name: string) =>
  defineTopic({ name, partitions: 3, key: 'order id', schema: z.object({}) });
const catalog = defineCatalog({
  service: 'billing',
  topics: [topic('billing.invoice.issued'), topic('billing.invoice.paid')],
  orderedTopics: ['billing.invoice.paid'],
});

describe('a test run of a service whose catalog declares ordered topics', () => {
  it('passes them on, since the run has a service name of its own', () => {
    expect(runConsumer('billing', catalog, TEST_CONSUMER).orderedTopics).toEqual([
      'billing.invoice.paid',
    ]);
  });

  it('plans no retry topics for them, as `topics apply` does for the real service', () => {
    const consumer = runConsumer('billing', catalog, TEST_CONSUMER);
    const derived = consumerDerivedTopics({
      service: 'billing-7f3a',
      catalog,
      subscriptions: runSubscriptions(['billing.invoice.issued', 'billing.invoice.paid'], consumer),
      retry: consumer.retry,
    }).map((derivedTopic) => derivedTopic.name);
    expect(derived.filter((name) => name.includes('invoice.paid'))).toHaveLength(1); // its DLT only
    expect(derived.filter((name) => name.includes('invoice.issued'))).toHaveLength(2); // retry + DLT
  });

  it("keeps the test's own orderedTopics, and another service's catalog decides nothing", () => {
    const own = { ...TEST_CONSUMER, orderedTopics: ['billing.invoice.issued'] };
    expect(runConsumer('billing', catalog, own)).toBe(own);
    expect(runConsumer('orders', catalog, TEST_CONSUMER)).toBe(TEST_CONSUMER);
  });
});
