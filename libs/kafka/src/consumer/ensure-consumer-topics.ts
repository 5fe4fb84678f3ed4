import type { Admin } from 'kafkajs';
import { createTopicsAndWait } from '../admin';
import { minInSyncReplicasFor, replicationFactorFor, type TopicDefinition } from '../topics';
import { consumerDerivedTopics, type ConsumerTopicsOptions } from './consumer-topics';

/**
 * Creates the consumer's retry and dead-letter topics that do not exist yet and returns their
 * names. For tests and local setups; production provisioning applies consumerDerivedTopics().
 */
export async function ensureConsumerTopics(
  admin: Admin,
  options: ConsumerTopicsOptions,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = consumerDerivedTopics(options).filter((topic) => !existing.has(topic.name));
  if (missing.length === 0) return [];
  const { brokers } = await admin.describeCluster();
  await createTopicsAndWait(
    admin,
    missing.map((topic) => topicConfig(topic, brokers.length)),
  );
  return missing.map((topic) => topic.name);
}

/** The names in `topics` that the cluster does not have. */
export async function findMissingTopics(
  admin: Admin,
  topics: readonly string[],
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  return topics.filter((topic) => !existing.has(topic));
}

function topicConfig(topic: TopicDefinition, brokers: number) {
  const replicationFactor = topic.replicationFactor ?? replicationFactorFor(brokers);
  const configEntries = [
    { name: 'cleanup.policy', value: topic.cleanupPolicy },
    {
      name: 'min.insync.replicas',
      value: String(topic.minInSyncReplicas ?? minInSyncReplicasFor(replicationFactor)),
    },
  ];
  if (topic.retentionMs !== undefined)
    configEntries.push({ name: 'retention.ms', value: String(topic.retentionMs) });
  if (topic.maxMessageBytes !== undefined)
    configEntries.push({ name: 'max.message.bytes', value: String(topic.maxMessageBytes) });
  return { topic: topic.name, numPartitions: topic.partitions, replicationFactor, configEntries };
}
