import {
  consumerDerivedTopics,
  mergeCatalogs,
  minInSyncReplicasFor,
  replicationFactorFor,
  storageBytesFor,
  type TopicCatalog,
  type TopicDefinition,
} from '@platform/kafka';

/** A topic as the catalogs want it on this cluster. */
export interface DesiredTopic {
  name: string;
  owner: string;
  partitions: number;
  replicationFactor: number;
  /** The topic-level configs the catalog manages; anything else is left to broker defaults. */
  configs: Record<string, string>;
  /** Bytes on disk for a full retention window, when the catalog gives expected traffic. */
  storageBytes?: number;
}

/** The topics one service's consumers read (its handlers'), whose retry and dead-letter topics it needs. */
export interface ServiceSubscriptions {
  /** The consuming service (its consumer group, part of the derived topics' names). */
  service: string;
  topics: readonly string[];
}

/**
 * The catalogs' topics, plus the retry and dead-letter topics of every subscription, owned by the
 * subscribing service and derived as its consumer derives them (consumerDerivedTopics): one retry
 * topic per delay its own catalog declares (retryTopicDelaysMs), else per default delay, and none
 * for a topic its own catalog lists in orderedTopics (only the dead-letter topic). A subscription
 * to a topic no catalog declares is an UnknownTopicError.
 */
export function desiredTopics(
  catalogs: readonly TopicCatalog[],
  brokers: number,
  subscriptions: readonly ServiceSubscriptions[] = [],
): DesiredTopic[] {
  const owners = new Map<string, string>();
  const result: DesiredTopic[] = [];
  const add = (topic: TopicDefinition, owner: string): void => {
    const other = owners.get(topic.name);
    if (other) {
      throw new Error(`Topic "${topic.name}" is declared by both ${other} and ${owner}: a topic has one owning service.`);
    }
    owners.set(topic.name, owner);
    result.push(desiredTopic(topic, owner, brokers));
  };
  for (const catalog of catalogs) for (const topic of catalog.topics) add(topic, catalog.service);
  for (const { service, topics } of subscriptions) {
    if (topics.length === 0) continue;
    const derived = consumerDerivedTopics({
      service,
      // Keeps the retry topic delays and ordered topics of the subscriber's own catalog, as its
      // consumer's catalog does.
      catalog: mergeCatalogs(service, catalogs),
      // The scan cannot see a subscription's own `ordered`: the catalog's orderedTopics decide.
      subscriptions: topics.map((topic) => ({ topic })),
    });
    // Derived names carry the service: only two apps with one service name can collide here.
    for (const topic of derived) add(topic, service);
  }
  return result.sort((a, b) => a.name.localeCompare(b.name));
}

function desiredTopic(topic: TopicDefinition, owner: string, brokers: number): DesiredTopic {
  const replicationFactor = topic.replicationFactor ?? replicationFactorFor(brokers);
  if (replicationFactor > brokers) {
    throw new Error(
      `Topic "${topic.name}" asks for replication factor ${replicationFactor} but the cluster has ${brokers} broker(s). ` +
        'Leave replicationFactor unset to get min(3, brokers).',
    );
  }
  const minInSyncReplicas = topic.minInSyncReplicas ?? minInSyncReplicasFor(replicationFactor);
  // Kafka accepts this topic, then refuses every acks=all write to it (NOT_ENOUGH_REPLICAS).
  if (minInSyncReplicas > replicationFactor) {
    throw new Error(
      `Topic "${topic.name}" asks for min.insync.replicas ${minInSyncReplicas} but gets replication factor ${replicationFactor} ` +
        `on this ${brokers}-broker cluster, so every acks=all write would fail. ` +
        'Leave minInSyncReplicas unset to get 2 with 3 replicas, else 1.',
    );
  }
  const configs: Record<string, string> = {
    'cleanup.policy': topic.cleanupPolicy,
    'min.insync.replicas': String(minInSyncReplicas),
  };
  if (topic.retentionMs !== undefined) configs['retention.ms'] = String(topic.retentionMs);
  if (topic.maxMessageBytes !== undefined) configs['max.message.bytes'] = String(topic.maxMessageBytes);
  const storageBytes =
    topic.expected && topic.retentionMs !== undefined
      ? storageBytesFor({ ...topic.expected, retentionMs: topic.retentionMs, replicationFactor })
      : undefined;
  return { name: topic.name, owner, partitions: topic.partitions, replicationFactor, configs, storageBytes };
}
