import type { ICustomPartitioner } from 'kafkajs';
import { MissingKeyError } from '../errors';
import { partitionForKey } from './partitioner';

/**
 * Our partitionForKey as a kafkajs partitioner. kafkajs' own DefaultPartitioner computes the same
 * partitions (its Long-based murmur2 is a faithful Java port; LegacyPartitioner is not), but ours
 * is the one the unit specs pin to Java vectors, is what a swapped-in client would reuse, and
 * hashes with Math.imul instead of allocating Longs per key.
 */
export const javaCompatiblePartitioner: ICustomPartitioner =
  () =>
  ({ topic, partitionMetadata, message }) => {
    if (message.partition !== undefined && message.partition !== null) return message.partition;
    // The producer rejects unkeyed events before they get here; this guards other callers.
    if (message.key === undefined || message.key === null) throw new MissingKeyError(topic);
    return partitionForKey(message.key, partitionMetadata.length);
  };
