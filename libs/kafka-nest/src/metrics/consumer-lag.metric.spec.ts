import type { Admin } from 'kafkajs';
import type { KafkaTransport } from '../transport/kafka-transport';
import { ConsumerLagMetric } from './consumer-lag.metric';
import { createMetricsRegistry } from './metrics-registry';
import { captureLoggerWarnings } from '../logger-warnings.spec-helper';

const transport = {
  groupId: 'billing',
  subscribedTopics: () => ['orders.order.created'],
} as unknown as KafkaTransport;

describe('ConsumerLagMetric', () => {
  const warnings = captureLoggerWarnings();

  it('reports lag per topic-partition from the broker', async () => {
    const admin = {
      fetchOffsets: async () => [
        { topic: 'orders.order.created', partitions: [{ partition: 0, offset: '3' }] },
      ],
      fetchTopicOffsets: async () => [{ partition: 0, low: '0', high: '5' }],
    } as unknown as Admin;
    const registry = createMetricsRegistry('billing');
    new ConsumerLagMetric(registry, admin, transport);
    expect(await registry.metrics()).toContain(
      'kafka_consumer_lag{group="billing",topic="orders.order.created",partition="0",service="billing"} 2',
    );
  });

  it('keeps /metrics answering, without lag, while the broker does not answer', async () => {
    const unreachable = {
      fetchOffsets: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9092')),
    } as unknown as Admin;
    const registry = createMetricsRegistry('billing');
    new ConsumerLagMetric(registry, unreachable, transport);
    const text = await registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).not.toMatch(/^kafka_consumer_lag\{/m);
    expect(warnings).toEqual([
      'kafka_consumer_lag left out of this scrape: connect ECONNREFUSED 127.0.0.1:9092',
    ]);
  });

  it('answers within the scrape timeout when the broker hangs', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const hanging = { fetchOffsets: () => new Promise(() => undefined) } as unknown as Admin;
      const registry = createMetricsRegistry('billing');
      new ConsumerLagMetric(registry, hanging, transport);
      let text: string | undefined;
      void registry.metrics().then((metrics) => (text = metrics));
      await jest.advanceTimersByTimeAsync(3_000);
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(warnings).toEqual([
        'kafka_consumer_lag left out of this scrape: no answer within 3000 ms',
      ]);
    } finally {
      jest.useRealTimers();
    }
  });
});
