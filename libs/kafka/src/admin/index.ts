export { consumerLag, type PartitionLag } from './consumer-lag';
