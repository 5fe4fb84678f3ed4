// What the saga needs from the transactional outbox and the inbox: kept this small so the
// orchestrator and the participant can be tested with a table standing in for both.
import type { Transaction } from '@platform/database';
import type { EventContext, EventEnvelope, EventHandler } from '@platform/kafka';

export interface OutboxMessage {
  topic: string;
  key: string;
  type: string;
  data: unknown;
  correlationId: string;
  causationId?: string;
}

export interface SagaMessaging {
  /** Adds a message to the outbox in `tx`: it leaves only if `tx` commits. */
  send(tx: Transaction, message: OutboxMessage): Promise<void>;
  /** An EventHandler that runs `handler` once per event id, in a transaction that also records the event. */
  once(consumer: string, handler: (tx: Transaction, event: EventEnvelope, context: EventContext) => Promise<void>): EventHandler;
}
