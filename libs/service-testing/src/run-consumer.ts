import type { TopicCatalog } from '@platform/kafka';
import type { KafkaTransportOptions } from '@platform/kafka-nest';

/**
 * The consumer settings of a test run. The run's service name is a unique variant of the real one,
 * and a catalog's orderedTopics apply to its own service only (orderedModeFor), so on their own
 * they would be ignored and the service's tests would run unordered where production runs
 * ordered. They are passed on as consumer.orderedTopics instead, unless the test set its own.
 */
export function runConsumer(
  name: string,
  catalog: TopicCatalog,
  consumer: KafkaTransportOptions,
): KafkaTransportOptions {
  const { orderedTopics } = catalog;
  if (orderedTopics === undefined || catalog.service !== name || consumer.orderedTopics)
    return consumer;
  return { ...consumer, orderedTopics };
}

/** A run's subscriptions as provisioning reads them: ordered ones get no retry topics. */
export function runSubscriptions(
  topics: readonly string[],
  consumer: KafkaTransportOptions,
): { topic: string; ordered?: boolean }[] {
  return topics.map((topic) =>
    consumer.orderedTopics ? { topic, ordered: consumer.orderedTopics.includes(topic) } : { topic },
  );
}
