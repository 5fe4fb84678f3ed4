import { type Admin, ConfigResourceTypes, ConfigSource } from 'kafkajs';
import type { DesiredTopic } from './desired-state';

/** A topic as the cluster has it: the configs the catalogs manage, and the topic's own overrides. */
export interface ActualTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
  /**
   * Every config set on the topic itself (a dynamic topic config), managed or not: an alter
   * replaces them all, so the plan names those the catalog does not manage.
   */
  overrides?: Record<string, string>;
}

export interface ClusterState {
  brokers: number;
  topics: Map<string, ActualTopic>;
}

export async function readClusterState(admin: Admin, managedConfigs: readonly string[]): Promise<ClusterState> {
  const { brokers } = await admin.describeCluster();
  const names = (await admin.listTopics()).filter((name) => !name.startsWith('__'));
  const topics = new Map<string, ActualTopic>();
  if (names.length === 0) return { brokers: brokers.length, topics };
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: names });
  // Every config, not only the managed ones: the topic's own overrides are among the others.
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const managed = new Set(managedConfigs);
  const entriesByTopic = new Map(resources.map((resource) => [resource.resourceName, resource.configEntries]));
  const entriesOf = (name: string, keep: (entry: { configName: string; configSource: ConfigSource }) => boolean) =>
    Object.fromEntries((entriesByTopic.get(name) ?? []).filter(keep).map((entry) => [entry.configName, entry.configValue]));
  for (const topic of metadata) {
    topics.set(topic.name, {
      name: topic.name,
      partitions: topic.partitions.length,
      replicationFactor: topic.partitions[0]?.replicas.length ?? 0,
      configs: entriesOf(topic.name, (entry) => managed.has(entry.configName)),
      overrides: entriesOf(topic.name, (entry) => entry.configSource === ConfigSource.TOPIC_CONFIG),
    });
  }
  return { brokers: brokers.length, topics };
}

/**
 * Throws when a broker named among the replicas does not answer. describeCluster lists only the
 * brokers that answer, so with one down the plan would size new topics for fewer brokers (fewer
 * replicas, a lower min.insync.replicas) and read every existing topic as a replication-factor change.
 */
export async function assertEveryBrokerAnswers(admin: Admin): Promise<void> {
  const { brokers } = await admin.describeCluster();
  // Every topic in one request (internal ones hold replicas too): no window for a topic deleted meanwhile.
  const { topics } = await admin.fetchTopicMetadata();
  const answering = new Set(brokers.map((broker) => broker.nodeId));
  const replicas = topics.flatMap((topic) => topic.partitions.flatMap((partition) => partition.replicas));
  const down = [...new Set(replicas)].filter((id) => !answering.has(id)).sort((a, b) => a - b);
  if (down.length === 0) return;
  throw new Error(
    `${down.length === 1 ? `Broker ${down[0]} holds` : `Brokers ${down.join(', ')} hold`} replicas but ${down.length === 1 ? 'does' : 'do'} not answer: ` +
      `the cluster looks like ${brokers.length} brokers, so new topics would get fewer replicas and existing ones would read as a ` +
      `replication-factor change. Bring ${down.length === 1 ? 'it' : 'them'} back, then plan again.`,
  );
}

export function managedConfigNames(desired: readonly DesiredTopic[]): string[] {
  return [...new Set(desired.flatMap((topic) => Object.keys(topic.configs)))].sort();
}
