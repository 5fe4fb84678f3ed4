import { type Admin, ConfigResourceTypes } from 'kafkajs';
import type { DesiredTopic } from './desired-state';

/** A topic as the cluster has it, limited to what the catalogs manage. */
export interface ActualTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
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
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: [...managedConfigs] })),
  });
  const configsByTopic = new Map(
    resources.map((resource) => [
      resource.resourceName,
      Object.fromEntries(resource.configEntries.map((entry) => [entry.configName, entry.configValue])),
    ]),
  );
  for (const topic of metadata) {
    topics.set(topic.name, {
      name: topic.name,
      partitions: topic.partitions.length,
      replicationFactor: topic.partitions[0]?.replicas.length ?? 0,
      configs: configsByTopic.get(topic.name) ?? {},
    });
  }
  return { brokers: brokers.length, topics };
}

export function managedConfigNames(desired: readonly DesiredTopic[]): string[] {
  return [...new Set(desired.flatMap((topic) => Object.keys(topic.configs)))].sort();
}
