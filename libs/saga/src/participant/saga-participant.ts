import type { Database, Transaction } from '@platform/database';
import {
  type EventBatchHandler,
  type EventContext,
  type EventEnvelope,
  type EventHandler,
  NonRetriableError,
  type TopicSubscription,
} from '@platform/kafka';
import type { Outbox, OutboxEvent } from '@platform/outbox';
import type { CommandType } from '../definition/command';
import { failure, type SagaFailure, type SagaOutcome } from '../definition/outcome';
import { type SagaCommandMessage, SagaCommandMessageSchema, type SagaReplyMessage } from '../messages/saga-messages';
import { GroupCommit, type GroupCommitOptions } from '../orchestrator/group-commit';
import { claimEvents } from '../store/inbox-claims';

/** What a command handler is given besides the payload. */
export interface CommandHandlerContext {
  /** The transaction that records the command in the inbox and queues the reply: write your effects here. */
  readonly tx: Transaction;
  readonly sagaId: string;
  readonly sagaType: string;
  /** True when the saga is undoing this participant's earlier work. */
  readonly compensation: boolean;
  readonly event: EventEnvelope<SagaCommandMessage>;
  readonly context: EventContext;
}

/**
 * Does the work and says how it went: `success(payload)` or `failure(reason)`. A failure undoes
 * the handler's writes before the failure reply is queued; a thrown error rolls back everything,
 * reply and inbox record included, and the message is retried by the consumer.
 */
export type CommandHandler<P, R> = (payload: P, context: CommandHandlerContext) => Promise<SagaOutcome<R>>;

export interface SagaParticipantOptions {
  /** The participant's service: its consumer group, under which the inbox records the commands it handled. */
  service: string;
  db: Database;
  /** The service's outbox; its catalog must have the reply topics of the sagas it serves (sagaReplyTopic). */
  outbox: Outbox;
  /** How commands share transactions (see GroupCommit). */
  groupCommit?: GroupCommitOptions;
}

interface Delivered {
  event: EventEnvelope;
  context: EventContext;
}

interface Registered {
  type: CommandType<unknown, unknown>;
  handler: CommandHandler<unknown, unknown>;
}

/**
 * The participant side of a saga: command handlers that reply success or failure as data, in the
 * same transaction as their effects (reply through the outbox), each command handled once (inbox).
 *
 *   const inventory = new SagaParticipant({ service: 'inventory', db, outbox })
 *     .handle(reserveStock, async ({ sku, quantity }, { tx }) => (await reserve(tx, sku, quantity)) ? success({ reservationId }) : failure('out-of-stock'));
 *   consumer subscriptions: inventory.subscriptions()
 */
export class SagaParticipant {
  private readonly handlers = new Map<string, Map<string, Registered>>();
  private readonly group: GroupCommit<Delivered>;

  constructor(private readonly options: SagaParticipantOptions) {
    const concurrency = options.db.serialTransactions ? { concurrency: 1 } : {};
    this.group = new GroupCommit((delivered) => this.commit(delivered), { ...concurrency, ...options.groupCommit });
  }

  /** Registers the handler of one command type; returns this for chaining. */
  handle<P, R>(type: CommandType<P, R>, handler: CommandHandler<P, R>): this {
    const byType = this.handlers.get(type.topic) ?? new Map<string, Registered>();
    if (byType.has(type.type)) throw new TypeError(`Command "${type.type}" on ${type.topic} already has a handler`);
    byType.set(type.type, { type: type as CommandType<unknown, unknown>, handler: handler as CommandHandler<unknown, unknown> });
    this.handlers.set(type.topic, byType);
    return this;
  }

  /** One subscription per command topic, for the service's manual-commit consumer. */
  subscriptions(): TopicSubscription<SagaCommandMessage>[] {
    const handler = this.commandHandler();
    const handleBatch = this.commandBatchHandler();
    return [...this.handlers.keys()].map((topic) => ({
      topic,
      handler: handler as EventHandler<SagaCommandMessage>,
      handleBatch: handleBatch as EventBatchHandler<SagaCommandMessage>,
    }));
  }

  /**
   * The EventHandler for command topics: inbox-deduplicated, group-committed (the commands the
   * consumer handles at the same moment share a transaction). A failure outcome rolls that
   * transaction back, the handler's writes with it; the command is then handled alone and its
   * failure replied from a transaction of its own, which records it in the inbox too. No
   * savepoint on the common path.
   */
  commandHandler(): EventHandler {
    return (event, context) => this.group.submit({ event, context });
  }

  /**
   * A partition's consecutive commands in one transaction (with whatever else is being committed
   * then). A failure outcome among them rolls that transaction back; the commands are then
   * handled here one at a time, in order, each as commandHandler would. Any other error rejects,
   * and the consumer hands them to commandHandler one by one (the inbox skips those already done).
   */
  commandBatchHandler(): EventBatchHandler {
    return async (items) => {
      try {
        await this.group.submitAll(items);
      } catch (error) {
        if (!(error instanceof FailureReply) || items.length === 1) throw error;
        for (const item of items) await this.group.submit(item);
      }
    };
  }

  private async commit(delivered: readonly Delivered[]): Promise<void> {
    try {
      await this.options.db.transaction((tx) => this.handleCommands(tx, delivered));
    } catch (error) {
      // In a group, GroupCommit retries each command alone; alone, the failure is replied now.
      if (!(error instanceof FailureReply) || delivered.length > 1) throw error;
      await this.options.db.transaction(async (tx) => {
        // If another delivery of this command got in between, the inbox skips this one: it replied already.
        if ((await claimEvents(tx, this.options.service, delivered)).size === 0) return;
        await this.options.outbox.addMany(tx, [replyEvent(error.command, delivered[0].event, error.outcome)]);
      });
    }
  }

  private async handleCommands(tx: Transaction, delivered: readonly Delivered[]): Promise<void> {
    const claimed = await claimEvents(tx, this.options.service, delivered);
    const replies: OutboxEvent[] = [];
    for (const { event, context } of delivered) {
      // claimed.delete: a command delivered twice in one group (a republished row) is handled once.
      if (!claimed.delete(event.id)) continue;
      const command = parseCommand(event);
      const outcome = await this.run(tx, command, { ...event, data: command }, context);
      replies.push(replyEvent(command, event, outcome));
    }
    if (replies.length > 0) await this.options.outbox.addMany(tx, replies);
  }

  private async run(tx: Transaction, command: SagaCommandMessage, event: EventEnvelope<SagaCommandMessage>, context: EventContext): Promise<SagaOutcome> {
    const registered = this.handlers.get(context.sourceTopic)?.get(command.command);
    // The saga waits for an answer: an unknown or malformed command is a failure reply, not a dead letter.
    if (!registered) return failure('unknown-command', { command: command.command, topic: context.sourceTopic });
    let payload: unknown = command.payload;
    if (registered.type.schema) {
      const parsed = registered.type.schema.safeParse(payload);
      if (!parsed.success) return failure('invalid-command', { issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`) });
      payload = parsed.data;
    }
    const outcome: SagaOutcome | undefined = await registered.handler(payload, {
      tx,
      sagaId: command.sagaId,
      sagaType: command.sagaType,
      compensation: command.compensation,
      event,
      context,
    });
    // Thrown so the handler's writes roll back with the transaction; commit() replies it from a new one.
    if (outcome?.outcome === 'failure') throw new FailureReply(command, outcome);
    if (outcome?.outcome !== 'success') {
      throw new NonRetriableError(`The handler of "${command.command}" must resolve with success(...) or failure(...), received ${JSON.stringify(outcome)}`);
    }
    return outcome;
  }
}

function replyEvent(command: SagaCommandMessage, event: EventEnvelope, outcome: SagaOutcome): OutboxEvent<SagaReplyMessage> {
  const routing = { sagaId: command.sagaId, sagaType: command.sagaType, step: command.step, attempt: command.attempt };
  const reply: SagaReplyMessage =
    outcome.outcome === 'success'
      ? { ...routing, outcome: 'success', payload: outcome.payload ?? null }
      : { ...routing, outcome: 'failure', reason: outcome.reason, ...(outcome.details === undefined ? {} : { details: outcome.details }) };
  return { topic: command.replyTopic, aggregateId: command.sagaId, payload: reply, correlationId: event.correlationId, causationId: event.id };
}

/** Carries a failure outcome out of the transaction, which rolls the handler's writes back. */
class FailureReply extends Error {
  constructor(
    readonly command: SagaCommandMessage,
    readonly outcome: SagaFailure,
  ) {
    super(outcome.reason);
  }
}

function parseCommand(event: EventEnvelope): SagaCommandMessage {
  const parsed = SagaCommandMessageSchema.safeParse(event.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    // Without routing there is no one to reply to: dead-letter it.
    throw new NonRetriableError(`Invalid saga command ${event.id}: ${issues}`);
  }
  return parsed.data as SagaCommandMessage;
}
