import { parseDerivedTopic, parseTopicName } from '@platform/naming';
import type { ActualTopic } from './cluster-state';
import type { DesiredTopic } from './desired-state';

export interface ConfigChange {
  name: string;
  from: string | undefined;
  to: string;
}

export type PlanAction =
  | { kind: 'create'; topic: DesiredTopic }
  /** `resets`: the topic's own configs the catalog does not manage, which the alter sets back to their defaults. */
  | { kind: 'alter-configs'; topic: DesiredTopic; changes: ConfigChange[]; resets?: { name: string; from: string }[] }
  | { kind: 'increase-partitions'; topic: DesiredTopic; from: number; to: number }
  | { kind: 'delete'; name: string }
  | { kind: 'refuse'; name: string; reason: string };

export interface PlanOptions {
  /** Partition increases move keys to other partitions, breaking per-key order during the switch. */
  allowPartitionIncrease?: boolean;
  /** Delete undeclared topics, only in the domains the loaded catalogs own. */
  prune?: boolean;
}

/**
 * The steps that bring the cluster to the catalogs. Pure: the same inputs give the same plan, so
 * `plan` shows exactly what `apply` will do. Anything unsafe becomes a `refuse` step, and apply
 * runs nothing while a plan holds one.
 */
export function planTopics(desired: readonly DesiredTopic[], actual: ReadonlyMap<string, ActualTopic>, options: PlanOptions = {}): PlanAction[] {
  const actions: PlanAction[] = [];
  for (const topic of desired) {
    const current = actual.get(topic.name);
    if (!current) {
      actions.push({ kind: 'create', topic });
      continue;
    }
    if (current.replicationFactor !== topic.replicationFactor) {
      actions.push({
        kind: 'refuse',
        name: topic.name,
        reason:
          `replication factor is ${current.replicationFactor}, the catalog says ${topic.replicationFactor}; ` +
          'changing it in place needs a partition reassignment (kafka-reassign-partitions), not this tool.',
      });
    }
    if (topic.partitions < current.partitions) {
      actions.push({
        kind: 'refuse',
        name: topic.name,
        reason:
          `it has ${current.partitions} partitions, the catalog says ${topic.partitions}; Kafka cannot remove partitions. ` +
          'Keep the count, or create a new topic and migrate consumers to it.',
      });
    } else if (topic.partitions > current.partitions) {
      actions.push(
        options.allowPartitionIncrease
          ? { kind: 'increase-partitions', topic, from: current.partitions, to: topic.partitions }
          : {
              kind: 'refuse',
              name: topic.name,
              reason:
                `partitions ${current.partitions} → ${topic.partitions} moves existing keys to other partitions ` +
                '(per-key order breaks while old events drain). Re-run with --allow-partition-increase to accept that.',
            },
      );
    }
    const changes = Object.entries(topic.configs)
      .filter(([name, value]) => current.configs[name] !== value)
      .map(([name, to]) => ({ name, from: current.configs[name], to }));
    if (changes.length > 0) {
      // AlterConfigs (the version kafkajs speaks) replaces the topic's configs as a whole: said here, not found out later.
      const resets = Object.entries(current.overrides ?? {})
        .filter(([name]) => !(name in topic.configs))
        .map(([name, from]) => ({ name, from }));
      actions.push({ kind: 'alter-configs', topic, changes, ...(resets.length > 0 && { resets }) });
    }
  }
  if (options.prune) actions.push(...pruneActions(desired, actual));
  return actions;
}

/**
 * Undeclared topics of a loaded catalog's domain, named by the house rules: only those can have
 * come from a catalog. Another tool's topic that merely starts with the domain (Debezium's
 * `orders.public.outbox`, a Connect offsets topic) is never ours to delete.
 */
function pruneActions(desired: readonly DesiredTopic[], actual: ReadonlyMap<string, ActualTopic>): PlanAction[] {
  const declared = new Set(desired.map((topic) => topic.name));
  const domains = new Set(desired.map((topic) => domainOf(topic.name)));
  return [...actual.keys()]
    .filter((name) => !declared.has(name) && !isDerived(name) && domains.has(houseDomainOf(name) ?? ''))
    .sort()
    .map((name) => ({ kind: 'delete', name }));
}

/** The domain of a topic named by the house rules; undefined for any other name. */
function houseDomainOf(name: string): string | undefined {
  try {
    return parseTopicName(name).domain;
  } catch {
    return undefined;
  }
}

/** Retry and dead-letter topics hold messages a human may still need: never pruned. */
function isDerived(name: string): boolean {
  try {
    parseDerivedTopic(name);
    return true;
  } catch {
    return false;
  }
}

function domainOf(name: string): string {
  try {
    return parseTopicName(name).domain;
  } catch {
    return name.split('.')[0];
  }
}

export function hasRefusals(actions: readonly PlanAction[]): boolean {
  return actions.some((action) => action.kind === 'refuse');
}
