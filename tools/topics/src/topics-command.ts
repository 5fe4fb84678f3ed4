import type { TopicCatalog } from '@platform/kafka';
import type { Admin } from 'kafkajs';
import { applyPlan } from './apply';
import { assertEveryBrokerAnswers, managedConfigNames, readClusterState } from './cluster-state';
import { desiredTopics, type ServiceSubscriptions } from './desired-state';
import { type PlanAction, type PlanOptions, planTopics } from './plan';
import { renderPlan } from './render-plan';

export interface TopicsCommandOptions extends PlanOptions {
  admin: Admin;
  catalogs: readonly TopicCatalog[];
  /** What each service's handlers read: their retry and dead-letter topics are planned too. */
  subscriptions?: readonly ServiceSubscriptions[];
  apply: boolean;
  log?: (line: string) => void;
}

/** plan (and, with apply, converge): what `npm run topics -- plan|apply` and the demo call. */
export async function runTopicsCommand(options: TopicsCommandOptions): Promise<{ actions: PlanAction[]; applied: boolean }> {
  const log = options.log ?? (() => undefined);
  await assertEveryBrokerAnswers(options.admin);
  const { brokers } = await options.admin.describeCluster();
  const desired = desiredTopics(options.catalogs, brokers.length, options.subscriptions);
  const state = await readClusterState(options.admin, managedConfigNames(desired));
  const actions = planTopics(desired, state.topics, options);
  log(renderPlan(actions, desired));
  if (!options.apply || actions.length === 0) return { actions, applied: false };
  await applyPlan(options.admin, actions, log);
  return { actions, applied: true };
}
