export { runTopicsCommand, type TopicsCommandOptions } from './topics-command';
export { planTopics, hasRefusals, type PlanAction, type PlanOptions, type ConfigChange } from './plan';
export { desiredTopics, type DesiredTopic, type ServiceSubscriptions } from './desired-state';
export { readClusterState, type ActualTopic, type ClusterState } from './cluster-state';
export { applyPlan } from './apply';
export { renderPlan } from './render-plan';
export { readWorkspace } from './read-workspace';
