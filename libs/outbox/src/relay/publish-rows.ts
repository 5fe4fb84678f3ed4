import { type EventProducer, MissingKeyError, UnknownTopicError } from '@platform/kafka';
import { chunkRows, estimateSize } from './chunk-rows';
import { type OutboxRow, toJsonEvent } from './outbox-row';

export interface PublishOutcome {
  /** Rows the broker acknowledged. */
  published: string[];
  /** Rows that can never be published (their topic left the catalog since they were written, or the broker refuses their size). */
  poisoned: { id: string; topic: string; error: unknown }[];
  /** The first retriable failure (broker down, timeout); rows after it were not sent. */
  failure?: unknown;
}

export interface PublishLimits {
  maxChunkEvents: number;
  maxChunkBytes: number;
}

/**
 * Sends rows through the keyed producer, chunk by chunk, their payloads as stored (sendJson: they
 * were validated at add). Within a chunk every send is queued in
 * the same event-loop turn, so the producer coalesces them into one request; the promises say
 * which rows were acknowledged.
 */
export async function publishRows(
  producer: EventProducer,
  rows: readonly OutboxRow[],
  limits: PublishLimits,
): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { published: [], poisoned: [] };
  for (const chunk of chunkRows(rows, limits.maxChunkEvents, limits.maxChunkBytes)) {
    const results = await Promise.allSettled(
      chunk.map((row) => producer.sendJson(row.topic, toJsonEvent(row))),
    );
    results.forEach((result, index) => {
      const row = chunk[index];
      if (result.status === 'fulfilled') outcome.published.push(row.id);
      else if (isPoison(result.reason) || refusedAlone(chunk, result.reason, limits))
        outcome.poisoned.push({ id: row.id, topic: row.topic, error: result.reason });
      else outcome.failure ??= result.reason;
    });
    if (outcome.failure !== undefined) break;
  }
  return outcome;
}

/**
 * Errors about the row itself, raised before anything is sent; retrying cannot fix them. The topic
 * and key were checked at add, so this only happens when a deploy removed the topic from the
 * catalog since. The schema is not checked again: a row valid when its transaction committed is a
 * fact, published like the events already on the topic (consumers must read the old shape anyway).
 */
export function isPoison(error: unknown): boolean {
  return error instanceof UnknownTopicError || error instanceof MissingKeyError;
}

/**
 * The broker refused a row larger than a chunk as too large (message.max.bytes, 1 MiB by default):
 * sending it again cannot succeed, and until it is set aside its partition stalls and every
 * attempt costs the relay a backoff. Only a row that went alone is judged: larger than
 * maxChunkBytes (within the producer's maxBatchBytes), it is also alone in its produce request,
 * so the error is about it and not about rows of other loops that shared the request.
 */
function refusedAlone(chunk: readonly OutboxRow[], error: unknown, limits: PublishLimits): boolean {
  return (
    chunk.length === 1 &&
    estimateSize(chunk[0]) > limits.maxChunkBytes &&
    (error as { type?: unknown } | null)?.type === 'MESSAGE_TOO_LARGE'
  );
}
