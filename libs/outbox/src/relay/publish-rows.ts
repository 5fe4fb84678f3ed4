import {
  type EventProducer,
  MissingKeyError,
  SchemaValidationError,
  UnknownTopicError,
} from '@platform/kafka';
import { chunkRows } from './chunk-rows';
import { type OutboxRow, toNewEvent } from './outbox-row';

export interface PublishOutcome {
  /** Rows the broker acknowledged. */
  published: string[];
  /** Rows that can never be published (the catalog or schema changed since they were written). */
  poisoned: { id: string; topic: string; error: unknown }[];
  /** The first retriable failure (broker down, timeout); rows after it were not sent. */
  failure?: unknown;
}

export interface PublishLimits {
  maxChunkEvents: number;
  maxChunkBytes: number;
}

/**
 * Sends rows through the keyed producer, chunk by chunk. Within a chunk every send is queued in
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
      chunk.map((row) => producer.send(row.topic, toNewEvent(row))),
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
 * Errors about the row itself, raised before anything is sent; retrying cannot fix them. They were
 * checked at add, so this only happens when a deploy changed the catalog or a schema since.
 */
export function isPoison(error: unknown): boolean {
  return (
    error instanceof UnknownTopicError ||
    error instanceof MissingKeyError ||
    error instanceof SchemaValidationError
  );
}
