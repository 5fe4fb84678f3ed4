import type { RawMessage } from '../envelope';
import { DEAD_LETTER_HEADER_PREFIX, deadLetterHeaders } from './dead-letter-headers';
import {
  type OriginalCoordinates,
  RETRY_HEADER_PREFIX,
  retryHeaders,
  type RetryState,
} from './retry-headers';
import type { FailureReason } from './retry-policy';

/** A record as read from a partition; kafkajs' KafkaMessage fits. */
export interface ConsumedMessage extends RawMessage {
  key: Buffer | null;
  value: Buffer | null;
  offset: string;
  timestamp: string;
}

/** A record for a retry or dead-letter topic: the original key and value, byte for byte. */
export interface OutgoingRecord {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string | (Buffer | string)[]>;
}

/** Publishes a record durably (acks=all) or rejects; the source offset is committed only after it resolves. */
export type RecordSender = (record: OutgoingRecord) => Promise<void>;

export interface FailedMessage {
  /** Where it was read: the catalog topic or one of its retry topics. */
  topic: string;
  /** The catalog topic. */
  sourceTopic: string;
  partition: number;
  message: ConsumedMessage;
  retryState: RetryState;
  consumerGroup: string;
  attempts: number;
  error: unknown;
}

export function retryRecord(
  failed: FailedMessage,
  retryTopic: string,
  dueAt: number,
): OutgoingRecord {
  return {
    topic: retryTopic,
    key: failed.message.key,
    value: failed.message.value,
    headers: {
      ...carriedHeaders(failed.message.headers),
      ...retryHeaders({
        original: originalOf(failed),
        attempts: failed.attempts,
        dueAt,
        error: failed.error,
      }),
    },
  };
}

export function deadLetterRecord(
  failed: FailedMessage,
  deadLetterTopic: string,
  reason: FailureReason,
  failedAt: Date,
): OutgoingRecord {
  const original = originalOf(failed);
  return {
    topic: deadLetterTopic,
    key: failed.message.key,
    value: failed.message.value,
    headers: {
      ...carriedHeaders(failed.message.headers),
      ...deadLetterHeaders({
        originalTopic: original.topic,
        originalPartition: original.partition,
        originalOffset: original.offset,
        originalTimestamp: original.timestamp,
        key: failed.message.key,
        consumerGroup: failed.consumerGroup,
        attempts: failed.attempts,
        reason,
        error: failed.error,
        failedAt,
      }),
    },
  };
}

/** The CloudEvents and any other headers travel on; an earlier hop's bookkeeping is replaced. */
export function carriedHeaders(headers: RawMessage['headers']): OutgoingRecord['headers'] {
  const carried: OutgoingRecord['headers'] = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (
      value === undefined ||
      name.startsWith(RETRY_HEADER_PREFIX) ||
      name.startsWith(DEAD_LETTER_HEADER_PREFIX)
    )
      continue;
    carried[name] = value;
  }
  return carried;
}

/** A retried message names its catalog-topic origin; a first delivery is its own origin. */
function originalOf(failed: FailedMessage): OriginalCoordinates {
  const { original } = failed.retryState;
  if (original?.topic === failed.sourceTopic) return original;
  if (failed.topic === failed.sourceTopic) {
    return {
      topic: failed.topic,
      partition: failed.partition,
      offset: failed.message.offset,
      timestamp: failed.message.timestamp,
    };
  }
  // A retry record without valid coordinates of its origin (missing, malformed, or naming another
  // topic, which the dlq tool would refuse to replay): the catalog topic is known, and so is the
  // partition of a keyed record (a retry topic has as many, partitioned alike); the offset and
  // timestamp there are not, so they stay empty rather than point at another message.
  return { topic: failed.sourceTopic, partition: failed.partition, offset: '', timestamp: '' };
}
