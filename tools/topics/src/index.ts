export { runTopicsCommand, type TopicsCommandOptions } from './topics-command';
export { planTopics, hasRefusals, type PlanAction, type PlanOptions, type ConfigChange } from './plan';
export { desiredTopics, type DesiredTopic } from './desired-state';
export { readClusterState, type ActualTopic, type ClusterState } from './cluster-state';
export { applyPlan } from './apply';
export { renderPlan } from './render-plan';
export { discoverCatalogFiles, loadCatalogs, CATALOG_FILE } from './load-catalogs';
