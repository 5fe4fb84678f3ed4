import type { TopicDefinition } from '@platform/kafka';

/** One event a writer owes, recorded in its own transaction and published later by the relay. */
export interface OutboxEvent<T = unknown> {
  /** A topic of the outbox's catalog, by name or definition (a definition also types the payload). */
  topic: string | TopicDefinition<T>;
  /** The entity id: the Kafka key, so one aggregate's events stay in order. */
  aggregateId: string;
  /** The kind of entity (Debezium's aggregatetype). Default: the topic's entity segment (`orders.order.created` → `order`). */
  aggregateType?: string;
  payload: T;
  /** A UUID for the event (ce_id); default a random one. The inbox dedupes on it. */
  id?: string;
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
  subject?: string;
}

/** What `add` wrote: the event id (the future ce_id) and where it will go. */
export interface OutboxRecord {
  id: string;
  topic: string;
  aggregateId: string;
}
