import type { Database, Transaction } from '@platform/database';
import {
  errorMessage,
  type EventContext,
  type EventEnvelope,
  type EventHandler,
} from '@platform/kafka';
import { INBOX_TABLE } from '../schema/tables';

/** The handler's effects, written with `tx`: they commit together with the inbox row, or not at all. */
export type InboxEffect<T = unknown> = (
  event: EventEnvelope<T>,
  tx: Transaction,
  context: EventContext,
) => Promise<void>;

export interface InboxOptions {
  db: Database;
  /** The consumer group whose effects these are (the consuming service's name): dedupe is per group. */
  group: string;
  /**
   * Called after a duplicate was acknowledged and skipped (metrics, logs). One that throws is
   * reported on console.warn and ignored.
   */
  onDuplicate?: (event: EventEnvelope, context: EventContext) => void;
}

const CLAIM_EVENT = `
INSERT INTO ${INBOX_TABLE} (consumer_group, event_id, topic, kafka_partition, kafka_offset)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (consumer_group, event_id) DO NOTHING`;

/**
 * Wraps an effect into an EventHandler for the manual-commit consumer that applies each event at
 * most once per group, so at-least-once delivery becomes exactly-once effects:
 *
 * 1. BEGIN; INSERT the (group, event id) row, ON CONFLICT DO NOTHING.
 * 2. No row inserted → a duplicate (a republished outbox row, a redelivery after a rebalance):
 *    commit nothing more and resolve, so the consumer commits its offset and moves on.
 * 3. Otherwise run the effect with the same `tx` and COMMIT. If it throws, everything rolls back,
 *    the inbox row included, and the consumer's retry policy sees the error.
 *
 * Two deliveries of one event racing each other serialize on the primary key: the second INSERT
 * waits for the first transaction and then either skips (committed) or proceeds (rolled back).
 */
export function inboxHandler<T = unknown>(
  options: InboxOptions,
  effect: InboxEffect<T>,
): EventHandler<T> {
  const { db, group, onDuplicate } = options ?? ({} as InboxOptions);
  if (!db) throw new TypeError('Invalid inbox options: expected a database (db), received none.');
  if (typeof group !== 'string' || group.trim() === '') {
    throw new TypeError(
      `Invalid inbox group, expected the consumer group name received ${JSON.stringify(group)}`,
    );
  }
  if (typeof effect !== 'function')
    throw new TypeError(`Invalid inbox effect, expected a function received ${typeof effect}`);
  // Called only after a duplicate committed: a bad value would fail every duplicate, which the
  // consumer retries and then dead-letters, though the event was handled.
  if (onDuplicate !== undefined && typeof onDuplicate !== 'function')
    throw new TypeError(
      `Invalid inbox onDuplicate, expected a function received ${typeof onDuplicate}`,
    );
  return async (event, context) => {
    const duplicate = await db.transaction(async (tx) => {
      // Where this delivery was read (a retry topic's, on a retry): the partition and offset
      // only point at the message together with that topic.
      const claimed = await tx.query(CLAIM_EVENT, [
        group,
        event.id,
        context.topic,
        context.partition,
        context.offset,
      ]);
      if (claimed.rowCount === 0) return true;
      await effect(event, tx, context);
      return false;
    });
    if (duplicate && onDuplicate)
      reportDuplicate(onDuplicate, group, event as EventEnvelope, context);
  };
}

/**
 * The duplicate is acknowledged whatever onDuplicate does: if it threw, the consumer would retry
 * an event that was handled and then dead-letter it, because every retry is a duplicate too.
 */
function reportDuplicate(
  onDuplicate: NonNullable<InboxOptions['onDuplicate']>,
  group: string,
  event: EventEnvelope,
  context: EventContext,
): void {
  try {
    onDuplicate(event, context);
  } catch (error) {
    console.warn(
      `[inbox] the onDuplicate listener threw on a duplicate of ${event.id} (group ${group}); ignored: ${errorMessage(error)}`,
    );
  }
}
