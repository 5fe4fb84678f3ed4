import { type EventProducer, MissingKeyError, UnknownTopicError } from '@platform/kafka';
import { chunkRows } from './chunk-rows';
import { type OutboxRow, toJsonEvent } from './outbox-row';

export interface PublishOutcome {
  /** Rows the broker acknowledged. */
  published: string[];
  /** Rows that can never be published (their topic left the catalog since they were written). */
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
      else if (isPoison(result.reason))
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
