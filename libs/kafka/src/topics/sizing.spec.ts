import { formatBytes, minInSyncReplicasFor, partitionsFor, replicationFactorFor, storageBytesFor } from './sizing';

describe('topic sizing', () => {
  it('caps replication at three and at the brokers there are', () => {
    expect([1, 2, 3, 6].map(replicationFactorFor)).toEqual([1, 2, 3, 3]);
    expect([1, 2, 3].map(minInSyncReplicasFor)).toEqual([1, 1, 2]);
  });

  it('gives partitions for the throughput, and at least one per consumer instance', () => {
    expect(partitionsFor({ expectedThroughput: 5000, perPartitionThroughput: 1000, consumerInstances: 2 })).toBe(5);
    expect(partitionsFor({ expectedThroughput: 5001, perPartitionThroughput: 1000, consumerInstances: 2 })).toBe(6);
    expect(partitionsFor({ expectedThroughput: 10, perPartitionThroughput: 1000, consumerInstances: 8 })).toBe(8);
    expect(() => partitionsFor({ expectedThroughput: 10, perPartitionThroughput: 0, consumerInstances: 1 })).toThrow(
      'Invalid perPartitionThroughput: expected a number > 0, received 0',
    );
  });

  it('estimates storage as throughput × size × retention × replication', () => {
    const bytes = storageBytesFor({ messagesPerSecond: 100, averageMessageBytes: 1024, retentionMs: 86_400_000, replicationFactor: 3 });
    expect(bytes).toBe(100 * 1024 * 86_400 * 3);
    expect(formatBytes(bytes)).toBe('24.7 GiB');
    expect(formatBytes(512)).toBe('512 B');
  });

  it('calls the storage of a topic kept forever (retention.ms -1) unbounded, not a negative size', () => {
    const bytes = storageBytesFor({ messagesPerSecond: 100, averageMessageBytes: 1024, retentionMs: -1, replicationFactor: 3 });
    expect(bytes).toBe(Infinity);
    expect(formatBytes(bytes)).toBe('unbounded (kept forever)');
    expect(formatBytes(bytes + 512)).toBe('unbounded (kept forever)');
  });
});
