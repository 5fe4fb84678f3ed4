export { defineTopic, defineCatalog, mergeCatalogs, type TopicDefinition, type TopicOptions, type TopicCatalog, type CatalogOptions } from './catalog';
export { TOPIC_PRESETS, type TopicRole, type CleanupPolicy, type TopicPreset } from './presets';
export {
  replicationFactorFor,
  minInSyncReplicasFor,
  partitionsFor,
  storageBytesFor,
  formatBytes,
  type PartitionSizing,
  type StorageSizing,
} from './sizing';
export { validatePayload } from './validate-payload';
