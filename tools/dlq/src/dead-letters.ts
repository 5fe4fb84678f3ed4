import { carriedHeaders, DeadLetterHeader, headerValue, type RawMessage } from '@platform/kafka';
import { parseDerivedTopic } from '@platform/naming';
import type { Selection } from './args';

/** One record of a dead-letter topic, as read. */
export interface DeadLetter {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RawMessage['headers'];
}

export interface DeadLetterSummary {
  partition: number;
  offset: string;
  key: string;
  errorClass: string;
  errorMessage: string;
  original: string;
  attempts: string;
}

/** What `list` shows per record; headers a foreign producer left out show as "?". */
export function summarize(record: DeadLetter): DeadLetterSummary {
  const header = (name: DeadLetterHeader): string => headerValue(record.headers, name) ?? '?';
  return {
    partition: record.partition,
    offset: record.offset,
    key: record.key?.toString() ?? '(none)',
    errorClass: header(DeadLetterHeader.ErrorClass),
    errorMessage: header(DeadLetterHeader.ErrorMessage),
    original: `${header(DeadLetterHeader.OriginalTopic)}[${header(DeadLetterHeader.OriginalPartition)}]@${header(DeadLetterHeader.OriginalOffset)}`,
    attempts: header(DeadLetterHeader.Attempts),
  };
}

export function matches(record: DeadLetter, selection: Selection): boolean {
  const offset = BigInt(record.offset);
  if (selection.offsets && (offset < selection.offsets.from || offset > selection.offsets.to))
    return false;
  if (selection.partition !== undefined && record.partition !== selection.partition) return false;
  if (selection.key !== undefined && record.key?.toString() !== selection.key) return false;
  if (
    selection.errorClass !== undefined &&
    headerValue(record.headers, DeadLetterHeader.ErrorClass) !== selection.errorClass
  )
    return false;
  return true;
}

/** The message as first published: same key, value and CloudEvents headers, to the same partition. */
export interface ReplayMessage {
  topic: string;
  partition: number | undefined;
  key: Buffer | null;
  value: Buffer | null;
  headers: ReturnType<typeof carriedHeaders>;
}

/**
 * The original topic comes from the dead-letter topic's name; the dlt_original_topic header must
 * agree, so a record copied into the wrong topic is refused rather than replayed somewhere else.
 */
export function replayMessage(deadLetterTopic: string, record: DeadLetter): ReplayMessage {
  const { source } = parseDerivedTopic(deadLetterTopic);
  const named = headerValue(record.headers, DeadLetterHeader.OriginalTopic);
  if (named !== undefined && named !== source) {
    throw new Error(
      `Dead letter ${record.partition}:${record.offset} says it came from "${named}", but ${deadLetterTopic} holds dead letters of "${source}"; not replayed.`,
    );
  }
  const partition = headerValue(record.headers, DeadLetterHeader.OriginalPartition);
  return {
    topic: source,
    // The original partition keeps the message next to its key's other events even if the topic
    // has since gained partitions; without the header the producer's key partitioner decides.
    partition: partition !== undefined && /^\d+$/.test(partition) ? Number(partition) : undefined,
    key: record.key,
    value: record.value,
    headers: carriedHeaders(record.headers),
  };
}
