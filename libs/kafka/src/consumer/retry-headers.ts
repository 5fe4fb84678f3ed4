import { headerValue, type RawMessage } from '../envelope';
import { errorMessage } from '../errors';
import { errorClassOf, MAX_ERROR_MESSAGE_BYTES, truncateUtf8 } from './dead-letter-headers';

/**
 * Headers a message carries on a retry topic. The original coordinates ride along so the
 * dead-letter record, hops later, still points at the message in the catalog topic.
 */
export const RETRY_HEADER_PREFIX = 'retry_';

export enum RetryHeader {
  /** Tries made so far, across all hops. */
  Attempts = 'retry_attempts',
  /** Epoch ms before which the message must not be handled. */
  DueAt = 'retry_due_at',
  OriginalTopic = 'retry_original_topic',
  OriginalPartition = 'retry_original_partition',
  OriginalOffset = 'retry_original_offset',
  OriginalTimestamp = 'retry_original_timestamp',
  /** The failure that sent it here, for whoever looks at a retry topic. */
  ErrorClass = 'retry_error_class',
  ErrorMessage = 'retry_error_message',
}

/** Where a message first entered the system: its catalog topic coordinates. */
export interface OriginalCoordinates {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
}

export interface RetryFacts {
  original: OriginalCoordinates;
  attempts: number;
  dueAt: number;
  error: unknown;
}

export function retryHeaders({
  original,
  attempts,
  dueAt,
  error,
}: RetryFacts): Record<string, string> {
  return {
    [RetryHeader.Attempts]: String(attempts),
    [RetryHeader.DueAt]: String(dueAt),
    [RetryHeader.OriginalTopic]: original.topic,
    [RetryHeader.OriginalPartition]: String(original.partition),
    [RetryHeader.OriginalOffset]: original.offset,
    [RetryHeader.OriginalTimestamp]: original.timestamp,
    [RetryHeader.ErrorClass]: errorClassOf(error),
    [RetryHeader.ErrorMessage]: truncateUtf8(errorMessage(error), MAX_ERROR_MESSAGE_BYTES),
  };
}

/** What a retry-topic message says about its earlier tries; a first delivery has none. */
export interface RetryState {
  attempts: number;
  dueAt: number | undefined;
  original: OriginalCoordinates | undefined;
}

/** A message read from its catalog topic: no tries yet, its own origin. */
export const FIRST_DELIVERY: RetryState = Object.freeze({
  attempts: 0,
  dueAt: undefined,
  original: undefined,
});

/**
 * Reads what an earlier hop wrote. Anyone can write to a retry topic, so a header may be missing,
 * malformed or null (a header without a value, which other clients can send): each such reads as
 * absent, never throws (a throw here, outside any handler's try, crash-looped the consumer).
 */
export function readRetryState(headers: RawMessage['headers']): RetryState {
  const attempts = nonNegativeInteger(headerValue(headers, RetryHeader.Attempts)) ?? 0;
  const dueAt = nonNegativeInteger(headerValue(headers, RetryHeader.DueAt));
  const topic = headerValue(headers, RetryHeader.OriginalTopic);
  const partition = nonNegativeInteger(headerValue(headers, RetryHeader.OriginalPartition));
  const offset = headerValue(headers, RetryHeader.OriginalOffset);
  const original =
    topic && partition !== undefined && offset !== undefined && DECIMAL.test(offset)
      ? {
          topic,
          partition,
          offset,
          timestamp: headerValue(headers, RetryHeader.OriginalTimestamp) ?? '',
        }
      : undefined;
  return { attempts, dueAt, original };
}

const DECIMAL = /^\d+$/;

// A malformed header must not crash the partition: it reads as absent.
function nonNegativeInteger(text: string | undefined): number | undefined {
  if (text === undefined || !DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
