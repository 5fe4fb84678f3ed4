import type { Transaction } from '@platform/database';
import { type EventContext, type EventEnvelope, type EventHandler, NonRetriableError, type TopicSubscription } from '@platform/kafka';
import type { CommandType } from '../definition/command';
import { failure, type SagaFailure, type SagaOutcome } from '../definition/outcome';
import { type SagaCommandMessage, SagaCommandMessageSchema, type SagaReplyMessage } from '../messages/saga-messages';
import type { SagaMessaging } from '../orchestrator/messaging';
import { inSavepoint } from '../orchestrator/savepoint';

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
 * the handler's writes (a savepoint) before the failure reply is queued; a thrown error rolls back
 * everything, reply and inbox record included, and the message is retried by the consumer.
 */
export type CommandHandler<P, R> = (payload: P, context: CommandHandlerContext) => Promise<SagaOutcome<R>>;

export interface SagaParticipantOptions {
  /** The participant's service: inbox records are per service. */
  service: string;
  messaging: SagaMessaging;
}

interface Registered {
  type: CommandType<unknown, unknown>;
  handler: CommandHandler<unknown, unknown>;
}

/**
 * The participant side of a saga: command handlers that reply success or failure as data, in the
 * same transaction as their effects (reply through the outbox), each command handled once (inbox).
 *
 *   const inventory = new SagaParticipant({ service: 'inventory', messaging })
 *     .handle(reserveStock, async ({ sku, quantity }, { tx }) => (await reserve(tx, sku, quantity)) ? success({ reservationId }) : failure('out-of-stock'));
 *   consumer subscriptions: inventory.subscriptions()
 */
export class SagaParticipant {
  private readonly handlers = new Map<string, Map<string, Registered>>();

  constructor(private readonly options: SagaParticipantOptions) {}

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
    return [...this.handlers.keys()].map((topic) => ({ topic, handler: handler as EventHandler<SagaCommandMessage> }));
  }

  /** The EventHandler for command topics: inbox-deduplicated, one transaction per command. */
  commandHandler(): EventHandler {
    return this.options.messaging.once(this.options.service, (tx, event, context) => this.handleCommand(tx, event, context));
  }

  /** Handles one command inside the caller's transaction (the inbox's); exposed for adapters. */
  async handleCommand(tx: Transaction, event: EventEnvelope, context: EventContext): Promise<void> {
    const command = parseCommand(event);
    const outcome = await this.run(tx, command, { ...event, data: command }, context);
    const routing = { sagaId: command.sagaId, sagaType: command.sagaType, step: command.step, attempt: command.attempt };
    const reply: SagaReplyMessage =
      outcome.outcome === 'success'
        ? { ...routing, outcome: 'success', payload: outcome.payload ?? null }
        : { ...routing, outcome: 'failure', reason: outcome.reason, ...(outcome.details === undefined ? {} : { details: outcome.details }) };
    await this.options.messaging.send(tx, {
      topic: command.replyTopic,
      key: command.sagaId,
      type: `${command.command}.reply`,
      data: reply,
      correlationId: event.correlationId,
      causationId: event.id,
    });
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
    const handlerContext: CommandHandlerContext = {
      tx,
      sagaId: command.sagaId,
      sagaType: command.sagaType,
      compensation: command.compensation,
      event,
      context,
    };
    try {
      return await inSavepoint(tx, async () => {
        const outcome: SagaOutcome | undefined = await registered.handler(payload, handlerContext);
        if (outcome?.outcome === 'failure') throw new FailureReply(outcome);
        if (outcome?.outcome !== 'success') {
          throw new NonRetriableError(`The handler of "${command.command}" must resolve with success(...) or failure(...), received ${JSON.stringify(outcome)}`);
        }
        return outcome;
      });
    } catch (error) {
      if (error instanceof FailureReply) return error.outcome;
      throw error;
    }
  }
}

/** Carries a failure outcome out of the savepoint, which rolls the handler's writes back. */
class FailureReply extends Error {
  constructor(readonly outcome: SagaFailure) {
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
