import { randomUUID } from 'node:crypto';
import type { Database, Transaction } from '@platform/database';
import { type EventEnvelope, type EventHandler, NonRetriableError, type TopicSubscription } from '@platform/kafka';
import { inboxHandler, type Outbox } from '@platform/outbox';
import type { AnySagaDefinition, SagaDefinition } from '../definition/saga-definition';
import { type EngineContext, SagaEngine, type SagaReply, type Transition } from '../engine/saga-engine';
import { isTerminal, type SagaHistoryEntry, type SagaInstance, type SagaState } from '../engine/saga-instance';
import { type SagaReplyMessage, SagaReplyMessageSchema } from '../messages/saga-messages';
import { type ListSagasQuery, sagaStore } from '../store/saga-store';
import { DeadlinePoller, type DeadlinePollerOptions } from './deadline-poller';
import { consoleLogger, type SagaEvent, type SagaLogger } from './saga-events';
import { inSavepoint } from './savepoint';

export interface SagaOrchestratorOptions {
  db: Database;
  /** The service's outbox; its catalog must have every command topic the sagas send to (sagaCommandTopic). */
  outbox: Outbox;
  /** Every saga this process runs; their reply topics are what it consumes. May be empty (a participant-only service). */
  sagas: readonly AnySagaDefinition[];
  /** The service: its consumer group, under which the inbox records the replies it applied. */
  service: string;
  deadlines?: DeadlinePollerOptions;
  /** Default () => new Date(). */
  clock?: () => Date;
  /** Backoff jitter; default Math.random. */
  random?: () => number;
  logger?: SagaLogger;
  onEvent?: (event: SagaEvent) => void;
}

export interface StartSagaOptions {
  /** Default a random UUID. Starting again with an id that exists does nothing (a retried start is safe). */
  id?: string;
  /** Start inside the caller's transaction, so the saga begins only if the caller's own writes commit. */
  tx?: Transaction;
}

/** One saga with its step history (the query API). */
export interface SagaView<D = unknown> extends SagaInstance<D> {
  history: SagaHistoryEntry[];
}

/**
 * Runs sagas durably: every state change, the step history and the commands it sends (through the
 * outbox) are saved in one transaction; replies arrive through the inbox; a poller fires deadlines.
 * Each change first locks the saga's row (SELECT … FOR UPDATE) and saves with a version check, so
 * one saga is never advanced by two workers at once; replies that do not answer the command the
 * saga waits on (duplicates, late replies, another step's) are ignored.
 */
export class SagaOrchestrator {
  private readonly engines = new Map<string, SagaEngine<unknown>>();
  private readonly clock: () => Date;
  private readonly logger: SagaLogger;
  private readonly poller: DeadlinePoller;

  constructor(private readonly options: SagaOrchestratorOptions) {
    for (const definition of options.sagas) {
      if (this.engines.has(definition.name)) throw new TypeError(`Saga "${definition.name}" is registered twice`);
      this.engines.set(definition.name, new SagaEngine<unknown>(definition));
    }
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? consoleLogger;
    this.poller = new DeadlinePoller(() => this.fireDeadlines(), this.logger, options.deadlines);
  }

  /** Starts a saga: saves it, runs its first steps and queues its first command. Resolves with the saga id. */
  async start<D>(definition: SagaDefinition<D>, data: D, options: StartSagaOptions = {}): Promise<string> {
    const engine = this.engineFor(definition.name) as SagaEngine<D>;
    if (engine.definition !== definition) throw new TypeError(`Saga "${definition.name}" is not the definition registered with this orchestrator`);
    const id = options.id ?? randomUUID();
    const events: SagaEvent[] = [];
    const work = async (tx: Transaction): Promise<void> => {
      const created = engine.create(id, data, this.clock());
      if (!(await sagaStore.insert(tx, created))) return;
      events.push({ type: 'started', sagaType: definition.name, sagaId: id });
      const transition = await engine.start({ ...created, version: created.version + 1 }, this.context(tx));
      await this.save(tx, 'start', 'running', transition, undefined, events);
    };
    if (options.tx) {
      // The caller commits or rolls back after we return: events would announce what may never happen.
      await work(options.tx);
      return id;
    }
    await this.options.db.transaction(work);
    this.emit(events);
    return id;
  }

  /** The handlers for the reply topics, for the service's manual-commit consumer. */
  subscriptions(): TopicSubscription<SagaReplyMessage>[] {
    const handler = this.replyHandler();
    const topics = new Set([...this.engines.values()].map((engine) => engine.definition.replyTopic));
    return [...topics].map((topic) => ({ topic, handler: handler as EventHandler<SagaReplyMessage> }));
  }

  /** One reply, deduplicated by the inbox: lock the saga, apply the reply (or ignore it), save. */
  replyHandler(): EventHandler {
    return inboxHandler({ db: this.options.db, group: this.options.service }, (event, tx) => this.handleReply(tx, event));
  }

  /** Applies a reply inside the caller's transaction (the inbox's); exposed for adapters. */
  async handleReply(tx: Transaction, event: EventEnvelope): Promise<void> {
    const reply = parseReply(event);
    const events: SagaEvent[] = [];
    const engine = this.engines.get(reply.sagaType);
    if (!engine) {
      this.emit([{ type: 'reply-ignored', sagaType: reply.sagaType, sagaId: reply.sagaId, reason: 'unknown-saga-type' }]);
      return;
    }
    const instance = await sagaStore.lock(tx, reply.sagaId);
    if (!instance) {
      this.emit([{ type: 'reply-ignored', sagaType: reply.sagaType, sagaId: reply.sagaId, reason: 'unknown-saga' }]);
      return;
    }
    const decision = await engine.reply(instance, reply, this.context(tx));
    if (!decision.applied) {
      this.emit([{ type: 'reply-ignored', sagaType: reply.sagaType, sagaId: reply.sagaId, reason: decision.reason }]);
      return;
    }
    await this.save(tx, 'reply', instance.state, decision.transition, event.id, events);
    this.emit(events);
  }

  /** One round of the deadline poller; resolves with how many sagas it moved on. */
  async fireDeadlines(): Promise<number> {
    const batchSize = this.poller.batchSize;
    const types = [...this.engines.keys()];
    let fired = 0;
    for (;;) {
      const events: SagaEvent[] = [];
      const round = await this.options.db.transaction(async (tx) => {
        const due = await sagaStore.lockDue(tx, { now: this.clock(), limit: batchSize, types });
        let moved = 0;
        for (const instance of due) {
          try {
            // A savepoint each: one saga that cannot move does not hold back the others.
            const applied = await inSavepoint(tx, async () => {
              const decision = await this.engineFor(instance.type).deadline(instance, this.context(tx));
              if (decision.applied) await this.save(tx, 'deadline', instance.state, decision.transition, undefined, events);
              return decision.applied;
            });
            if (applied) moved += 1;
          } catch (error) {
            this.logger.error('Could not fire a saga deadline; it stays due', { sagaId: instance.id, sagaType: instance.type, error });
          }
        }
        return { claimed: due.length, moved };
      });
      this.emit(events);
      fired += round.moved;
      // A short batch means nothing else is due; a batch where nothing moved would only come back again.
      if (round.claimed < batchSize || round.moved === 0) return fired;
    }
  }

  /** Polls deadlines every `deadlines.pollIntervalMs` until stop(). */
  startDeadlinePoller(): void {
    this.poller.start();
  }

  /** Stops the poller and waits for a round in progress. */
  async stop(): Promise<void> {
    await this.poller.stop();
  }

  /** Gives a saga parked as needs-attention a fresh set of compensation tries. */
  async resume(id: string): Promise<boolean> {
    const events: SagaEvent[] = [];
    const resumed = await this.options.db.transaction(async (tx) => {
      const instance = await sagaStore.lock(tx, id);
      if (!instance) return false;
      const decision = await this.engineFor(instance.type).resume(instance, this.context(tx));
      if (!decision.applied) return false;
      await this.save(tx, 'resume', instance.state, decision.transition, undefined, events);
      return true;
    });
    this.emit(events);
    return resumed;
  }

  /** One saga with its step history. */
  async find<D = unknown>(id: string): Promise<SagaView<D> | undefined> {
    const instance = await sagaStore.find(this.options.db, id);
    if (!instance) return undefined;
    return { ...(instance as SagaInstance<D>), history: await sagaStore.history(this.options.db, id) };
  }

  /** Sagas by state and/or type, newest first. */
  list(query: ListSagasQuery = {}): Promise<SagaInstance[]> {
    return sagaStore.list(this.options.db, query);
  }

  /** How many sagas of each type are in each state. */
  countByState(): Promise<{ type: string; state: SagaState; count: number }[]> {
    return sagaStore.countByState(this.options.db);
  }

  private async save(
    tx: Transaction,
    trigger: 'start' | 'reply' | 'deadline' | 'resume',
    from: SagaState,
    transition: Transition<unknown>,
    causationId: string | undefined,
    events: SagaEvent[],
  ): Promise<void> {
    const { instance, commands, history } = transition;
    await sagaStore.save(tx, instance, history);
    for (const command of commands) {
      await this.options.outbox.add(tx, {
        topic: command.topic,
        aggregateId: command.key,
        payload: command.message,
        correlationId: instance.id,
        ...(causationId === undefined ? {} : { causationId }),
      });
    }
    const base = { sagaType: instance.type, sagaId: instance.id };
    if (from !== instance.state) events.push({ type: 'transitioned', ...base, from, to: instance.state, trigger });
    for (const entry of history) {
      if (entry.event === 'timed-out') events.push({ type: 'timed-out', ...base, step: entry.stepName, direction: entry.direction });
      if (entry.event === 'retry-scheduled') events.push({ type: 'compensation-retry-scheduled', ...base, step: entry.stepName });
      if (entry.event === 'parked') events.push({ type: 'needs-attention', ...base, reason: instance.failureReason ?? entry.reason ?? '' });
    }
    if (isTerminal(instance.state) && from !== instance.state) {
      events.push({ type: 'finished', ...base, state: instance.state, durationMs: instance.updatedAt.getTime() - instance.createdAt.getTime() });
    }
  }

  private context(tx: Transaction): EngineContext {
    return {
      now: this.clock(),
      runLocal: (work) => inSavepoint(tx, () => work(tx)),
      ...(this.options.random ? { random: this.options.random } : {}),
    };
  }

  private engineFor(type: string): SagaEngine<unknown> {
    const engine = this.engines.get(type);
    if (!engine) throw new TypeError(`Unknown saga "${type}": register its definition with the orchestrator (sagas)`);
    return engine;
  }

  private emit(events: readonly SagaEvent[]): void {
    const listener = this.options.onEvent;
    if (!listener) return;
    for (const event of events) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn('A saga event listener threw', { error });
      }
    }
  }
}

function parseReply(event: EventEnvelope): SagaReply {
  const parsed = SagaReplyMessageSchema.safeParse(event.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new NonRetriableError(`Invalid saga reply ${event.id}: ${issues}`);
  }
  return parsed.data as SagaReply;
}
