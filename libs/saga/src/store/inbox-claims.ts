import type { Transaction } from '@platform/database';
import type { EventContext, EventEnvelope } from '@platform/kafka';
import { INBOX_TABLE } from '@platform/outbox';

/**
 * The inbox claim of @platform/outbox's inboxHandler, for several events in one statement (group
 * commit): inserts (group, event id) rows, skipping ids already recorded, and resolves with the ids
 * this transaction claimed. Everything else about the inbox (table, semantics, clean-up) is the
 * outbox library's.
 */
export async function claimEvents(tx: Transaction, group: string, events: readonly { event: EventEnvelope; context: EventContext }[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ event_id: string }>(
    `INSERT INTO ${INBOX_TABLE} (consumer_group, event_id, topic, kafka_partition, kafka_offset)
     SELECT $1, e.event_id, e.topic, e.kafka_partition, e.kafka_offset
     FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) AS e (event_id, topic, kafka_partition, kafka_offset)
     ON CONFLICT (consumer_group, event_id) DO NOTHING
     RETURNING event_id`,
    claimParams(group, events),
  );
  return new Set(rows.map((row) => row.event_id));
}

/**
 * The claim's parameters ($1…$5), claimEvents' and sagaStore.claimAndLock's. Each delivery is
 * recorded under the topic it was read from (a retry topic's, on a retry), as inboxHandler does:
 * its partition and offset only point at the message together with that topic.
 */
export function claimParams(group: string, events: readonly { event: EventEnvelope; context: EventContext }[]): unknown[] {
  return [group, events.map((e) => e.event.id), events.map((e) => e.context.topic), events.map((e) => e.context.partition), events.map((e) => e.context.offset)];
}
