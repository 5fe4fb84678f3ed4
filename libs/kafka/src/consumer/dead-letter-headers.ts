import { describeSafely, errorMessage } from '../errors/platform-error';

/**
 * Headers a dead-lettered message carries on top of its original ones (CloudEvents headers stay
 * as they were). One prefix so tools can strip them all before a replay.
 */
export const DEAD_LETTER_HEADER_PREFIX = 'dlt_';

export enum DeadLetterHeader {
  /** The catalog topic the message was first published to (never a retry topic). */
  OriginalTopic = 'dlt_original_topic',
  OriginalPartition = 'dlt_original_partition',
  OriginalOffset = 'dlt_original_offset',
  /** The original record's timestamp, ms since the epoch as Kafka gives it. */
  OriginalTimestamp = 'dlt_original_timestamp',
  /** The key as text; the record key itself is kept byte for byte. */
  OriginalKey = 'dlt_original_key',
  ConsumerGroup = 'dlt_consumer_group',
  /** Tries made across in-place retries and retry topics. */
  Attempts = 'dlt_attempts',
  /** `non-retriable` (including undecodable messages) or `retries-exhausted`. */
  Reason = 'dlt_reason',
  /** The last error's name, e.g. DeserializationError. */
  ErrorClass = 'dlt_error_class',
  ErrorMessage = 'dlt_error_message',
  ErrorStack = 'dlt_error_stack',
  /** ISO-8601 time the message was dead-lettered. */
  FailedAt = 'dlt_failed_at',
}

// Headers travel in every fetch of the record; a deep stack or a message embedding a payload
// must not push the record past the topic's max.message.bytes.
export const MAX_ERROR_STACK_BYTES = 4096;
export const MAX_ERROR_MESSAGE_BYTES = 1024;

export interface DeadLetterFacts {
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  originalTimestamp: string;
  key: Buffer | string | null;
  consumerGroup: string;
  attempts: number;
  reason: 'non-retriable' | 'retries-exhausted';
  error: unknown;
  failedAt: Date;
}

export function deadLetterHeaders(facts: DeadLetterFacts): Record<string, string> {
  const headers: Record<string, string> = {
    [DeadLetterHeader.OriginalTopic]: facts.originalTopic,
    [DeadLetterHeader.OriginalPartition]: String(facts.originalPartition),
    [DeadLetterHeader.OriginalOffset]: facts.originalOffset,
    [DeadLetterHeader.OriginalTimestamp]: facts.originalTimestamp,
    [DeadLetterHeader.ConsumerGroup]: facts.consumerGroup,
    [DeadLetterHeader.Attempts]: String(facts.attempts),
    [DeadLetterHeader.Reason]: facts.reason,
    [DeadLetterHeader.ErrorClass]: errorClassOf(facts.error),
    [DeadLetterHeader.ErrorMessage]: truncateUtf8(
      errorMessage(facts.error),
      MAX_ERROR_MESSAGE_BYTES,
    ),
    [DeadLetterHeader.ErrorStack]: truncateUtf8(errorStackOf(facts.error), MAX_ERROR_STACK_BYTES),
    [DeadLetterHeader.FailedAt]: facts.failedAt.toISOString(),
  };
  if (facts.key !== null) headers[DeadLetterHeader.OriginalKey] = facts.key.toString();
  return headers;
}

/*
 * Anything can be thrown, and describing it must not throw in turn: these run on the failure
 * path, outside any handler's try, so a throw here would fail the whole batch and crash-loop the
 * consumer on that message (an object without a prototype, a throwing getter or toString, an
 * Error whose message is not a string). Each reads as a placeholder instead.
 */

/** `error.name` as errors report themselves (PlatformError sets it to the class name). */
export function errorClassOf(error: unknown): string {
  return describeSafely(() => {
    if (error instanceof Error) {
      const name: unknown = error.name;
      if (typeof name === 'string' && name !== '') return name;
      return error.constructor?.name || 'Error';
    }
    return error === null ? 'null' : typeof error;
  }, 'unknown');
}

function errorStackOf(error: unknown): string {
  return describeSafely(() => {
    const stack: unknown = error instanceof Error ? error.stack : undefined;
    return typeof stack === 'string' && stack !== '' ? stack : errorMessage(error);
  }, errorMessage(error));
}

const TRUNCATED = '…[truncated]';

/** Cuts `text` to at most `maxBytes` UTF-8 bytes, never inside a character, marking the cut. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return text;
  let cut = maxBytes - Buffer.byteLength(TRUNCATED);
  if (cut <= 0) return '';
  // 10xxxxxx is a continuation byte: back up to the first byte of the character we would split.
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
  return bytes.subarray(0, cut).toString('utf8') + TRUNCATED;
}
