import { createTopicsAndWait } from '@platform/kafka';
import { type Admin, ConfigResourceTypes, type ITopicConfig } from 'kafkajs';
import type { DesiredTopic } from './desired-state';
import { hasRefusals, type PlanAction } from './plan';

/**
 * Runs a plan. A plan with a refusal runs nothing, nor does one with a step the broker refuses
 * on validation, so the cluster is never left half-converged on purpose. Config changes send the topic's full managed set: Kafka's AlterConfigs (the version
 * kafkajs speaks) replaces a topic's dynamic configs as a whole.
 */
export async function applyPlan(admin: Admin, actions: readonly PlanAction[], log: (line: string) => void = () => undefined): Promise<void> {
  if (hasRefusals(actions)) {
    throw new Error('The plan has refused steps (marked "!"); nothing was applied. Fix the catalog or the flags and plan again.');
  }
  await validatePlan(admin, actions);
  const creates = actions.flatMap((a) => (a.kind === 'create' ? [a.topic] : []));
  if (creates.length > 0) {
    await createTopicsAndWait(admin, creates.map(topicConfig));
    for (const topic of creates) log(`created ${topic.name}`);
  }
  for (const action of actions) {
    if (action.kind === 'increase-partitions') {
      await admin.createPartitions({ topicPartitions: [{ topic: action.topic.name, count: action.to }] });
      log(`grew ${action.topic.name} to ${action.to} partitions`);
    } else if (action.kind === 'alter-configs') {
      await admin.alterConfigs({ validateOnly: false, resources: [configResource(action.topic)] });
      log(`altered ${action.topic.name}`);
    }
  }
  const deletes = actions.flatMap((a) => (a.kind === 'delete' ? [a.name] : []));
  if (deletes.length > 0) {
    await admin.deleteTopics({ topics: deletes });
    for (const name of deletes) log(`deleted ${name}`);
  }
}

/**
 * Asks the broker to validate every create, grow and config change (validateOnly) before any of
 * them runs: a value Kafka rejects (say retention.ms=-5) would otherwise fail midway, after the
 * other topics were already created or altered. Each refused step is named with Kafka's reason.
 */
async function validatePlan(admin: Admin, actions: readonly PlanAction[]): Promise<void> {
  const problems: string[] = [];
  const creates = actions.flatMap((a) => (a.kind === 'create' ? [a.topic] : []));
  if (creates.length > 0) {
    try {
      // No waitForLeaders: a validated topic does not exist, kafkajs would wait for its metadata.
      await admin.createTopics({ topics: creates.map(topicConfig), validateOnly: true, waitForLeaders: false });
    } catch (error) {
      const perTopic = (error as { errors?: unknown }).errors;
      if (Array.isArray(perTopic)) {
        for (const e of perTopic as { topic?: string; type?: string; message?: string }[]) problems.push(`create ${e.topic}: ${kafkaReason(e)}`);
      } else {
        problems.push(`create ${creates.map((t) => t.name).join(', ')}: ${kafkaReason(error)}`);
      }
    }
  }
  for (const action of actions) {
    try {
      if (action.kind === 'increase-partitions') {
        await admin.createPartitions({ validateOnly: true, topicPartitions: [{ topic: action.topic.name, count: action.to }] });
      } else if (action.kind === 'alter-configs') {
        await admin.alterConfigs({ validateOnly: true, resources: [configResource(action.topic)] });
      }
    } catch (error) {
      const step = action.kind === 'increase-partitions' ? 'grow' : 'alter';
      problems.push(`${step} ${'topic' in action ? action.topic.name : ''}: ${kafkaReason(error)}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      [`Kafka refused ${problems.length} step(s) of the plan; nothing was applied. Fix the catalog and plan again:`, ...problems.map((p) => `  ${p}`)].join('\n'),
    );
  }
}

function kafkaReason(error: unknown): string {
  const { type, message } = (error ?? {}) as { type?: string; message?: string };
  return type ? `${message ?? 'refused'} (${type})` : (message ?? String(error));
}

function topicConfig(topic: DesiredTopic): ITopicConfig {
  return {
    topic: topic.name,
    numPartitions: topic.partitions,
    replicationFactor: topic.replicationFactor,
    configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
  };
}

function configResource(topic: DesiredTopic) {
  return {
    type: ConfigResourceTypes.TOPIC,
    name: topic.name,
    configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
  };
}
