import { createTopicsAndWait } from '@platform/kafka';
import { type Admin, ConfigResourceTypes } from 'kafkajs';
import { hasRefusals, type PlanAction } from './plan';

/**
 * Runs a plan. A plan with a refusal runs nothing, so the cluster is never left half-converged
 * on purpose. Config changes send the topic's full managed set: Kafka's AlterConfigs (the version
 * kafkajs speaks) replaces a topic's dynamic configs as a whole.
 */
export async function applyPlan(admin: Admin, actions: readonly PlanAction[], log: (line: string) => void = () => undefined): Promise<void> {
  if (hasRefusals(actions)) {
    throw new Error('The plan has refused steps (marked "!"); nothing was applied. Fix the catalog or the flags and plan again.');
  }
  const creates = actions.flatMap((a) => (a.kind === 'create' ? [a.topic] : []));
  if (creates.length > 0) {
    await createTopicsAndWait(
      admin,
      creates.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: topic.replicationFactor,
        configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
      })),
    );
    for (const topic of creates) log(`created ${topic.name}`);
  }
  for (const action of actions) {
    if (action.kind === 'increase-partitions') {
      await admin.createPartitions({ topicPartitions: [{ topic: action.topic.name, count: action.to }] });
      log(`grew ${action.topic.name} to ${action.to} partitions`);
    } else if (action.kind === 'alter-configs') {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: action.topic.name,
            configEntries: Object.entries(action.topic.configs).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      log(`altered ${action.topic.name}`);
    }
  }
  const deletes = actions.flatMap((a) => (a.kind === 'delete' ? [a.name] : []));
  if (deletes.length > 0) {
    await admin.deleteTopics({ topics: deletes });
    for (const name of deletes) log(`deleted ${name}`);
  }
}
