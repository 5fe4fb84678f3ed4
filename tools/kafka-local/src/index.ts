export {
  up,
  down,
  status,
  type KafkaLocalOptions,
  type ClusterStatus,
  type NodeStatus,
} from './cluster';
export {
  KAFKA_VERSION,
  CLUSTER_ID,
  clusterWideSettings,
  rackOf,
  assertNodeCount,
} from './cluster-settings';
export { KafkaLocalError } from './errors';
export { freeBasePort } from './ports';
