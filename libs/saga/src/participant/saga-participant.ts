import type { Database, Transaction } from '@platform/database';
import {
  type EventBatchHandler,
  type EventContext,
  type EventEnvelope,
  type EventHandler,
  NonRetriableError,
  type TopicSubscription,
} from '@platform/kafka';
import { consumerGroupId } from '@platform/naming';
import type { Outbox } from '@platform/outbox';
import type { CommandType } from '../definition/command';
import { failure, type SagaFailure, type SagaOutcome } from '../definition/outcome';
import { type SagaCommandMessage, SagaCommandMessageSchema } from '../messages/saga-messages';
import { GroupCommit, type GroupCommitOptions, groupCommitOptionsFor } from '../orchestrator/group-commit';
import { consoleLogger, type SagaLogger } from '../orchestrator/saga-events';
import { type StopOptions, WorkInFlight } from '../orchestrator/work-in-flight';
import { claimEvents } from '../store/inbox-claims';
import type { CommandBatchHandler, CommandHandler, SagaCommandInput } from './command-handler';
import { commandWaves } from './command-waves';
import { replyEvent } from './reply-event';

export interface SagaParticipantOptions {
  /** The participant's service: its consumer group, under which the inbox records the commands it handled. */
  service: string;
  db: Database;
  /** The service's outbox; its catalog must have the reply topics of the sagas it serves (sagaReplyTopic). */
  outbox: Outbox;
  /** How commands share transactions (see GroupCommit). */
  groupCommit?: GroupCommitOptions;
  /** Where stop() reports the commands it left running; default the console. */
  logger?: SagaLogger;
}

interface Delivered {
  event: EventEnvelope;
  context: EventContext;
}

/** A command type's handler: one command per call, or a batch of them. */
type Registered = { type: CommandType<unknown, unknown> } & (
  | { one: CommandHandler<unknown, unknown>; many?: undefined }
  | { many: CommandBatchHandler<unknown, unknown>; one?: undefined }
);

/** A claimed command on its way to a handler; `outcome` is set once it was handled (or refused). */
interface Pending {
  command: SagaCommandMessage;
  event: EventEnvelope<SagaCommandMessage>;
  context: EventContext;
  payload?: unknown;
  outcome?: SagaOutcome;
}

/**
 * The participant side of a saga: command handlers that reply success or failure as data, in the
 * same transaction as their effects (reply through the outbox), each command handled once (inbox).
 *
 *   const inventory = new SagaParticipant({ service: 'inventory', db, outbox })
 *     .handle(reserveStock, async ({ sku, quantity }, { tx }) => (await reserve(tx, sku, quantity)) ? success({ reservationId }) : failure('out-of-stock'));
 *   consumer subscriptions: inventory.subscriptions()
 *
 * `handleBatch` registers a handler that takes all the commands of its type a transaction carries
 * at once (see CommandBatchHandler): one statement for their effects instead of one per command.
 */
export class SagaParticipant {
  private readonly handlers = new Map<string, Map<string, Registered>>();
  private readonly group: GroupCommit<Delivered>;
  /** Commands begun and not settled: stop() waits for them before the caller closes the database. */
  private readonly writes = new WorkInFlight('SagaParticipant');

  constructor(private readonly options: SagaParticipantOptions) {
    // The inbox records commands under it: checked here, not as a constraint violation at the first command.
    consumerGroupId(options.service);
    this.group = new GroupCommit((delivered) => this.commit(delivered), groupCommitOptionsFor(options.db, options.groupCommit));
  }

  /** Registers the handler of one command type, called once per command; returns this for chaining. */
  handle<P, R>(type: CommandType<P, R>, handler: CommandHandler<P, R>): this {
    if (typeof handler !== 'function') throw new TypeError(`Invalid handler of "${type?.type}", expected a function received ${typeof handler}`);
    return this.register({ type: type as CommandType<unknown, unknown>, one: handler as CommandHandler<unknown, unknown> });
  }

  /** Registers the handler of one command type, called with every such command of a transaction at once; returns this for chaining. */
  handleBatch<P, R>(type: CommandType<P, R>, handler: CommandBatchHandler<P, R>): this {
    if (typeof handler !== 'function') throw new TypeError(`Invalid batch handler of "${type?.type}", expected a function received ${typeof handler}`);
    return this.register({ type: type as CommandType<unknown, unknown>, many: handler as CommandBatchHandler<unknown, unknown> });
  }

  private register(registered: Registered): this {
    // Left undefined (an import cycle), it would fail below as a destructuring TypeError naming nothing.
    if (typeof registered.type?.topic !== 'string' || typeof registered.type?.type !== 'string') {
      throw new TypeError(`Invalid command type, expected a command from defineCommand(...) received ${String(registered.type)}`);
    }
    const { topic, type } = registered.type;
    const byType = this.handlers.get(topic) ?? new Map<string, Registered>();
    if (byType.has(type)) throw new TypeError(`Command "${type}" on ${topic} already has a handler`);
    byType.set(type, registered);
    this.handlers.set(topic, byType);
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
    return (event, context) => this.writes.run('command', () => this.group.submit({ event, context }));
  }

  /**
   * A partition's consecutive commands in one transaction (with whatever else is being committed
   * then). A failure outcome among them rolls that transaction back; the commands are then
   * handled here one at a time, in order, each as commandHandler would. Any other error rejects,
   * and the consumer hands them to commandHandler one by one (the inbox skips those already done).
   */
  commandBatchHandler(): EventBatchHandler {
    return (items) =>
      this.writes.run('command', async () => {
        try {
          await this.group.submitAll(items);
        } catch (error) {
          if (!(error instanceof FailureReply) || items.length === 1) throw error;
          for (const item of items) await this.group.submit(item);
        }
      });
  }

  /**
   * Stops for good, so that the caller can close the database next: waits for the commands in
   * flight (queued group commits included) to commit or fail, at most `timeoutMs` (default 10 s;
   * past it, resolves anyway and logs what it left running). From the call on, the command
   * handlers refuse with SagaStoppedError, retriable: the command is redelivered. Stop the
   * consumer that delivers the commands first.
   */
  stop(options: StopOptions = {}): Promise<void> {
    return this.writes.stop(options, this.options.logger ?? consoleLogger);
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
    const pending: Pending[] = [];
    for (const { event, context } of delivered) {
      // claimed.delete: a command delivered twice in one group (a republished row) is handled once.
      if (!claimed.delete(event.id)) continue;
      const command = parseCommand(event);
      pending.push({ command, event: { ...event, data: command }, context });
    }
    for (const wave of commandWaves(pending, ({ command, event }) => [`saga:${command.sagaId}`, `key:${event.key}`])) await this.runWave(tx, wave);
    if (pending.length > 0) await this.options.outbox.addMany(tx, pending.map(({ command, event, outcome }) => replyEvent(command, event, outcome as SagaOutcome)));
  }

  /** Commands of distinct sagas and keys: each batch handler is called once with its commands, the others once per command. */
  private async runWave(tx: Transaction, wave: readonly Pending[]): Promise<void> {
    const byHandler = new Map<Registered, Pending[]>();
    for (const item of wave) {
      const registered = this.accept(item);
      if (!registered) continue;
      const group = byHandler.get(registered);
      if (group) group.push(item);
      else byHandler.set(registered, [item]);
    }
    for (const [registered, items] of byHandler) {
      if (registered.many) await this.runMany(tx, registered.many, items);
      else for (const item of items) item.outcome = await this.runOne(tx, registered.one, item);
    }
  }

  /** The command's handler with its payload checked; or, for a command no one can handle, its failure outcome. */
  private accept(item: Pending): Registered | undefined {
    const { command, context } = item;
    const registered = this.handlers.get(context.sourceTopic)?.get(command.command);
    // The saga waits for an answer: an unknown or malformed command is a failure reply, not a dead letter.
    if (!registered) {
      item.outcome = failure('unknown-command', { command: command.command, topic: context.sourceTopic });
      return undefined;
    }
    item.payload = command.payload;
    if (registered.type.schema) {
      const parsed = registered.type.schema.safeParse(command.payload);
      if (!parsed.success) {
        item.outcome = failure('invalid-command', { issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`) });
        return undefined;
      }
      item.payload = parsed.data;
    }
    return registered;
  }

  private async runOne(tx: Transaction, handler: CommandHandler<unknown, unknown>, item: Pending): Promise<SagaOutcome> {
    const outcome: SagaOutcome | undefined = await handler(item.payload, { tx, ...routingOf(item) });
    // Thrown so the handler's writes roll back with the transaction; commit() replies it from a new one.
    if (outcome?.outcome === 'failure') throw new FailureReply(item.command, outcome);
    checkOutcome(item.command, outcome);
    return outcome as SagaOutcome;
  }

  /** Failure outcomes are replied in this transaction: the batch handler wrote nothing for them (its contract). */
  private async runMany(tx: Transaction, handler: CommandBatchHandler<unknown, unknown>, items: readonly Pending[]): Promise<void> {
    const inputs: SagaCommandInput<unknown>[] = items.map((item) => ({ payload: item.payload, ...routingOf(item) }));
    const outcomes: readonly (SagaOutcome | undefined)[] | undefined = await handler(inputs, { tx });
    if (!Array.isArray(outcomes) || outcomes.length !== items.length) {
      throw new NonRetriableError(
        `The batch handler of "${items[0].command.command}" must resolve with one outcome per command (${items.length}), received ${Array.isArray(outcomes) ? `${outcomes.length} outcomes` : JSON.stringify(outcomes)}`,
      );
    }
    items.forEach((item, index) => {
      checkOutcome(item.command, outcomes[index]);
      item.outcome = outcomes[index];
    });
  }
}

function routingOf({ command, event, context }: Pending) {
  return { sagaId: command.sagaId, sagaType: command.sagaType, compensation: command.compensation, event, context };
}

function checkOutcome(command: SagaCommandMessage, outcome: SagaOutcome | undefined): void {
  if (outcome?.outcome === 'success' || outcome?.outcome === 'failure') return;
  throw new NonRetriableError(`The handler of "${command.command}" must resolve with success(...) or failure(...), received ${JSON.stringify(outcome)}`);
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
