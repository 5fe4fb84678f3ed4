export { consumerLag, type PartitionLag } from './consumer-lag';
export { createTopicsAndWait } from './create-topics';
