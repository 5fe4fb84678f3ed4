/**
 * Sizing formulas for topics. Replication is capped by the brokers there are; partitions must
 * carry the expected throughput and give every consumer instance work; storage is what the
 * retention window holds on all replicas.
 */
export function replicationFactorFor(brokers: number): number {
  assertPositive('brokers', brokers);
  return Math.min(3, brokers);
}

/** min ISR 2 with RF 3: one broker may be down and acks=all still guarantees two copies. */
export function minInSyncReplicasFor(replicationFactor: number): number {
  assertPositive('replicationFactor', replicationFactor);
  return replicationFactor >= 3 ? 2 : 1;
}

export interface PartitionSizing {
  /** Expected peak messages (or bytes) per second on the topic. */
  expectedThroughput: number;
  /** What one partition sustains for one consumer, in the same unit. */
  perPartitionThroughput: number;
  /** Consumer instances of the busiest group that should all have work. */
  consumerInstances: number;
}

export function partitionsFor({ expectedThroughput, perPartitionThroughput, consumerInstances }: PartitionSizing): number {
  assertPositive('perPartitionThroughput', perPartitionThroughput);
  assertPositive('consumerInstances', consumerInstances);
  if (!(expectedThroughput >= 0)) throw new RangeError(`Invalid expectedThroughput: expected a number >= 0, received ${expectedThroughput}`);
  return Math.max(Math.ceil(expectedThroughput / perPartitionThroughput), consumerInstances, 1);
}

export interface StorageSizing {
  messagesPerSecond: number;
  averageMessageBytes: number;
  retentionMs: number;
  replicationFactor: number;
}

/** Bytes on disk across the cluster for a full retention window; Infinity for a topic kept forever. */
export function storageBytesFor({ messagesPerSecond, averageMessageBytes, retentionMs, replicationFactor }: StorageSizing): number {
  // Kafka's retention.ms -1 keeps every message: the formula would give a negative size.
  if (retentionMs < 0) return Infinity;
  return messagesPerSecond * averageMessageBytes * (retentionMs / 1000) * replicationFactor;
}

export function formatBytes(bytes: number): string {
  if (bytes === Infinity) return 'unbounded (kept forever)';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Invalid ${name}: expected a number > 0, received ${value}`);
}
