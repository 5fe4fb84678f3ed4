import { formatBytes } from '@platform/kafka';
import type { DesiredTopic } from './desired-state';
import type { PlanAction } from './plan';

/** The plan as a person reads it: one line per step, then the storage estimate. */
export function renderPlan(actions: readonly PlanAction[], desired: readonly DesiredTopic[]): string {
  const lines = actions.length === 0 ? ['No changes: the cluster matches the catalogs.'] : actions.map(renderAction);
  const estimated = desired.filter((topic) => topic.storageBytes !== undefined);
  if (estimated.length > 0) {
    lines.push('', 'Storage estimate (throughput × size × retention × replication):');
    for (const topic of estimated) lines.push(`  ${topic.name}  ${formatBytes(topic.storageBytes!)}`);
    const total = estimated.reduce((sum, topic) => sum + topic.storageBytes!, 0);
    lines.push(`  total  ${formatBytes(total)}`);
  }
  return lines.join('\n');
}

function renderAction(action: PlanAction): string {
  switch (action.kind) {
    case 'create': {
      const { name, owner, partitions, replicationFactor, configs } = action.topic;
      return `+ create   ${name} (${owner}): ${partitions} partitions, RF ${replicationFactor}, ${formatConfigs(configs)}`;
    }
    case 'alter-configs': {
      const changes = action.changes.map((c) => `${c.name} ${c.from ?? '(default)'} → ${c.to}`);
      const resets = (action.resets ?? []).map((r) => `${r.name} ${r.from} → (default: not in the catalog, AlterConfigs resets it)`);
      return `~ alter    ${action.topic.name}: ${[...changes, ...resets].join(', ')}`;
    }
    case 'increase-partitions':
      return `~ grow     ${action.topic.name}: partitions ${action.from} → ${action.to} (WARNING: keys move to other partitions)`;
    case 'delete':
      return `- delete   ${action.name} (not in any catalog; --prune)`;
    case 'refuse':
      return `! refuse   ${action.name}: ${action.reason}`;
  }
}

function formatConfigs(configs: Record<string, string>): string {
  return Object.entries(configs)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}
