import { murmur2, toPositive } from './murmur2';

/**
 * The partition the Java client picks for a keyed record (BuiltInPartitioner.partitionForKey):
 * toPositive(murmur2(keyBytes)) % numPartitions, over ALL partitions, available or not, so a key
 * never moves while a leader is down. Keys are strings serialized as UTF-8, like Java's
 * StringSerializer, so Java, Go or Python services and ours agree on where an entity lives.
 */
export function partitionForKey(key: string | Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(
      `Invalid number of partitions, expected a whole number >= 1 received ${numPartitions}`,
    );
  }
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return toPositive(murmur2(bytes)) % numPartitions;
}
