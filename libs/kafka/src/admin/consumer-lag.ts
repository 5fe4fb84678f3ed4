import type { Admin } from 'kafkajs';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Next offset the broker will write. */
  highWatermark: bigint;
  /** Next offset the group will read; undefined when it never committed on this partition. */
  committed?: bigint;
  /** Messages the group has not committed yet. */
  lag: bigint;
}

/**
 * Lag of a consumer group per topic-partition, from the broker's view (committed offsets), so it
 * is true for every instance of the service and survives restarts. Offsets are 64-bit: BigInt.
 */
export async function consumerLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
  if (topics.length === 0) return [];
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const result: PartitionLag[] = [];
  for (const { topic, partitions } of committed) {
    const watermarks = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
    for (const { partition, offset } of partitions) {
      const marks = watermarks.get(partition);
      if (!marks) continue;
      const high = BigInt(marks.high);
      const hasCommit = offset !== '-1' && offset !== '';
      const position = hasCommit ? BigInt(offset) : BigInt(marks.low);
      result.push({ topic, partition, highWatermark: high, committed: hasCommit ? BigInt(offset) : undefined, lag: high > position ? high - position : 0n });
    }
  }
  return result.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}
