import type { Transaction } from '@platform/database';
import type { EventContext, EventEnvelope } from '@platform/kafka';
import type { SagaOutcome } from '../definition/outcome';
import type { SagaCommandMessage } from '../messages/saga-messages';

/** One delivered command as a handler sees it, besides the payload. */
export interface SagaCommandRouting {
  readonly sagaId: string;
  readonly sagaType: string;
  /** True when the saga is undoing this participant's earlier work. */
  readonly compensation: boolean;
  readonly event: EventEnvelope<SagaCommandMessage>;
  readonly context: EventContext;
}

/** What a command handler is given besides the payload. */
export interface CommandHandlerContext extends SagaCommandRouting {
  /** The transaction that records the command in the inbox and queues the reply: write your effects here. */
  readonly tx: Transaction;
}

/**
 * Does the work and says how it went: `success(payload)` or `failure(reason)`. A failure undoes
 * the handler's writes before the failure reply is queued; a thrown error rolls back everything,
 * reply and inbox record included, and the message is retried by the consumer.
 */
export type CommandHandler<P, R> = (payload: P, context: CommandHandlerContext) => Promise<SagaOutcome<R>>;

/** One command of a batch: its (schema-checked) payload and routing. */
export interface SagaCommandInput<P> extends SagaCommandRouting {
  readonly payload: P;
}

/**
 * Handles several commands of one type with one transaction, so their effects can be a few
 * set-based statements instead of one per command. Resolves with one outcome per command, in the
 * same order. Everything it wrote commits with the replies: a failure outcome does NOT undo
 * writes here, so write nothing for a command you answer with failure (the rows your UPDATE …
 * FROM unnest(…) did not match are your failures). A thrown error rolls back the whole
 * transaction and the consumer retries the commands one at a time. A call never holds two
 * commands of one saga, or of one Kafka key: those are handed over in order, in later calls.
 */
export type CommandBatchHandler<P, R> = (commands: readonly SagaCommandInput<P>[], context: { readonly tx: Transaction }) => Promise<readonly SagaOutcome<R>[]>;
