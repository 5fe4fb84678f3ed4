// For the database-only orchestrator and participant tests: the real outbox and inbox tables,
// with no relay, so what a transaction queued can be read back from the outbox table.
import type { Database } from '@platform/database';
import { defineCatalog, type EventContext, type EventEnvelope, type TopicCatalog } from '@platform/kafka';
import { migrateOutbox } from '@platform/outbox';
import { sagaCommandTopic, sagaReplyTopic } from '../messages/saga-topics';

export interface QueuedMessage {
  topic: string;
  key: string;
  data: Record<string, unknown>;
  correlationId: string | undefined;
  causationId: string | undefined;
}

export async function prepareOutbox(db: Database): Promise<void> {
  await migrateOutbox(db);
}

/** What was queued in the outbox, oldest first. */
export async function queued(db: Database): Promise<QueuedMessage[]> {
  const { rows } = await db.query<{ topic: string; aggregateid: string; payload: Record<string, unknown>; headers: Record<string, string> }>(
    'SELECT topic, aggregateid, payload, headers FROM outbox ORDER BY seq',
  );
  return rows.map((row) => ({
    topic: row.topic,
    key: row.aggregateid,
    data: row.payload,
    correlationId: row.headers.ce_correlationid,
    causationId: row.headers.ce_causationid,
  }));
}

export function catalogOf(service: string, commands: readonly string[], replies: readonly string[]): TopicCatalog {
  return defineCatalog({
    service,
    topics: [...commands.map((name) => sagaCommandTopic({ name, partitions: 1 })), ...replies.map((name) => sagaReplyTopic({ name, partitions: 1 }))],
  });
}

let sequence = 0;

/** An envelope whose id is a UUID, as the outbox makes them (the inbox keys on it). */
export function envelope<T>(data: T, id = `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`): EventEnvelope<T> {
  return { id, type: 'test', source: '/test', time: new Date().toISOString(), key: 'k', correlationId: id, data };
}

export function contextFor(topic: string): EventContext {
  return { topic, sourceTopic: topic, partition: 0, offset: String(sequence), attempt: 1, headers: {}, heartbeat: async () => undefined };
}
