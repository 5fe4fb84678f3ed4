import {
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

export function desiredTopics(catalogs: readonly TopicCatalog[], brokers: number): DesiredTopic[] {
  const owners = new Map<string, string>();
  const result: DesiredTopic[] = [];
  for (const catalog of catalogs) {
    for (const topic of catalog.topics) {
      const owner = owners.get(topic.name);
      if (owner) {
        throw new Error(`Topic "${topic.name}" is declared by both ${owner} and ${catalog.service}: a topic has one owning service.`);
      }
      owners.set(topic.name, catalog.service);
      result.push(desiredTopic(topic, catalog.service, brokers));
    }
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
  const configs: Record<string, string> = {
    'cleanup.policy': topic.cleanupPolicy,
    'min.insync.replicas': String(topic.minInSyncReplicas ?? minInSyncReplicasFor(replicationFactor)),
  };
  if (topic.retentionMs !== undefined) configs['retention.ms'] = String(topic.retentionMs);
  const storageBytes =
    topic.expected && topic.retentionMs !== undefined
      ? storageBytesFor({ ...topic.expected, retentionMs: topic.retentionMs, replicationFactor })
      : undefined;
  return { name: topic.name, owner, partitions: topic.partitions, replicationFactor, configs, storageBytes };
}
