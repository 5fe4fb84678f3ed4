import { TOPIC_PRESETS, type TopicDefinition } from '../topics';
import { buildRoutes, type ConsumerTopology } from './subscriptions';
import { retryTopicDelaysFor } from './retry-topic-delays';

/** Kafka's default message.max.bytes (broker) and max.message.bytes (topic): 1 MiB + 12 bytes. */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/**
 * What forwarding adds to a record: the retry and dead-letter headers (error message and stack
 * bounded to 1 and 4 KiB, the original key once more, topic, group, offsets, times). A record its
 * source topic only just accepted must still fit its retry and dead-letter topics: refused there
 * as too large, it could never be forwarded, and its partition would wait on it for good.
 */
export const FORWARD_HEADROOM_BYTES = 65_536;

/** A consumer's options, or just the parts its topic names depend on. */
export interface ConsumerTopicsOptions extends Omit<ConsumerTopology, 'retry'> {
  retry?: { retryTopicDelaysMs?: readonly number[] };
}

/**
 * The retry and dead-letter topics a consumer needs, shaped like their source topic (same
 * partition count, so a key lands on the same partition number), with the role's retention and
 * room for the forwarding headers on top of the source's largest record (FORWARD_HEADROOM_BYTES).
 * One retry topic per delay of retryTopicDelaysFor (the options', else the service catalog's, else
 * the default); none for an ordered subscription (orderedModeFor: the subscription's `ordered`,
 * else the service catalog's orderedTopics).
 * Topic provisioning creates them; the consumer refuses to start while one is missing.
 */
export function consumerDerivedTopics(options: ConsumerTopicsOptions): TopicDefinition[] {
  const routes = buildRoutes({
    ...options,
    retry: { retryTopicDelaysMs: retryTopicDelaysFor(options) },
  });
  const derived: TopicDefinition[] = [];
  for (const route of routes.values()) {
    if (route.hop > 0) continue;
    const shape = (
      name: string,
      role: 'retry' | 'dead-letter',
      description: string,
    ): TopicDefinition => ({
      name,
      role,
      partitions: route.definition.partitions,
      replicationFactor: route.definition.replicationFactor,
      minInSyncReplicas: route.definition.minInSyncReplicas,
      cleanupPolicy: TOPIC_PRESETS[role].cleanupPolicy,
      retentionMs: TOPIC_PRESETS[role].retentionMs,
      maxMessageBytes:
        (route.definition.maxMessageBytes ?? KAFKA_DEFAULT_MAX_MESSAGE_BYTES) +
        FORWARD_HEADROOM_BYTES,
      key: route.definition.key,
      schema: route.definition.schema,
      description,
    });
    route.retryTopics.forEach((name, index) =>
      derived.push(
        shape(name, 'retry', `Retry ${index + 1} of ${route.sourceTopic} for ${options.service}`),
      ),
    );
    derived.push(
      shape(
        route.deadLetterTopic,
        'dead-letter',
        `Dead letters of ${route.sourceTopic} for ${options.service}`,
      ),
    );
  }
  return derived;
}

/** Every topic the consumer reads: catalog topics and their retry topics. */
export function consumerSubscribedTopics(options: ConsumerTopicsOptions): string[] {
  const routes = buildRoutes({
    ...options,
    retry: { retryTopicDelaysMs: retryTopicDelaysFor(options) },
  });
  return [...routes.keys()];
}
