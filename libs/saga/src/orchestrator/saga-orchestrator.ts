import { randomUUID } from 'node:crypto';
import type { Database, Transaction } from '@platform/database';
import {
  type EventBatchHandler,
  type EventContext,
  type EventEnvelope,
  type EventHandler,
  NonRetriableError,
  RetriableError,
  type TopicSubscription,
} from '@platform/kafka';
import { consumerGroupId } from '@platform/naming';
import type { Outbox, OutboxEvent } from '@platform/outbox';
import type { AnySagaDefinition, SagaDefinition } from '../definition/saga-definition';
import { sagaDataSnapshot } from '../engine/saga-data';
import { type EngineContext, SagaEngine, type SagaReply, type Transition } from '../engine/saga-engine';
import { isTerminal, type SagaHistoryEntry, type SagaInstance, type SagaState } from '../engine/saga-instance';
import { type SagaReplyMessage, SagaReplyMessageSchema } from '../messages/saga-messages';
import { type ListSagasQuery, sagaStore } from '../store/saga-store';
import { DeadlinePoller, type DeadlinePollerOptions } from './deadline-poller';
import { GroupCommit, type GroupCommitOptions, groupCommitOptionsFor } from './group-commit';
import { consoleLogger, type SagaEvent, type SagaLogger } from './saga-events';
import { inLazySavepoint, inSavepoint } from './savepoint';
import { SagaStoppedError } from './saga-stopped-error';
import { isTransientDatabaseError } from './transient-error';
import { UnknownSagaTypeError } from './unknown-saga-type-error';
import { type StopOptions, WorkInFlight } from './work-in-flight';

export interface SagaOrchestratorOptions {
  db: Database;
  /** The service's outbox; its catalog must have every command topic the sagas send to (sagaCommandTopic). */
  outbox: Outbox;
  /** Every saga this process runs; their reply topics are what it consumes. May be empty (a participant-only service). */
  sagas: readonly AnySagaDefinition[];
  /** The service: its consumer group, under which the inbox records the replies it applied. */
  service: string;
  deadlines?: DeadlinePollerOptions;
  /** How replies and starts share transactions (see GroupCommit). */
  groupCommit?: GroupCommitOptions;
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

type Trigger = 'start' | 'reply' | 'deadline' | 'resume';

interface PendingStart {
  engine: SagaEngine<unknown>;
  id: string;
  data: unknown;
  /** The id was generated here, so no saga has it: the instance is inserted once, in its started state. */
  freshId: boolean;
}

interface DeliveredReply {
  event: EventEnvelope;
  context: EventContext;
}

/** What the orchestrator group-commits: starts (without a caller transaction) and delivered replies. */
type Work = { start: PendingStart; reply?: undefined } | { reply: DeliveredReply; start?: undefined };

/** Transitions computed in one transaction, saved together, announced after the commit. */
class Changes {
  /**
   * `insert`: a new saga's first transition, inserted rather than updated (see createAndStart).
   * `causationIds`: the reply that caused each of its commands, in order (two replies of one saga merge into one transition).
   */
  readonly transitions: { trigger: Trigger; from: SagaState; transition: Transition<unknown>; causationIds?: readonly string[]; insert?: boolean }[] = [];
  readonly events: SagaEvent[] = [];
}

/**
 * Runs sagas durably: every state change, the step history and the commands it sends (through the
 * outbox) are saved in one transaction; replies arrive through the inbox; a poller fires deadlines.
 * Each change first locks the saga's row (SELECT … FOR UPDATE) and saves with a version check, so
 * one saga is never advanced by two workers at once; replies that do not answer the command the
 * saga waits on (duplicates, late replies, another step's) are ignored. Replies (and starts
 * outside a caller's transaction) are group-committed: the messages the consumer is handling at
 * the same moment share one transaction.
 */
export class SagaOrchestrator {
  private readonly engines = new Map<string, SagaEngine<unknown>>();
  private readonly clock: () => Date;
  private readonly logger: SagaLogger;
  private readonly poller: DeadlinePoller;
  /** Replies and starts share transactions: a reply that finishes a saga and the start it lets in commit together. */
  private readonly work: GroupCommit<Work>;
  /** Starts, replies and resumes begun and not settled: stop() waits for them before the caller closes the database. */
  private readonly writes = new WorkInFlight('SagaOrchestrator');

  constructor(private readonly options: SagaOrchestratorOptions) {
    // The inbox records replies under it: checked here, not as a constraint violation at the first reply.
    consumerGroupId(options.service);
    checkDefinitions(options.sagas);
    for (const definition of options.sagas) {
      if (this.engines.has(definition.name)) throw new TypeError(`Saga "${definition.name}" is registered twice`);
      this.engines.set(definition.name, new SagaEngine<unknown>(definition));
    }
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? consoleLogger;
    this.poller = new DeadlinePoller((stopping) => this.fireDueDeadlines(stopping), this.logger, options.deadlines);
    this.work = new GroupCommit((items) => this.inTransaction((tx, changes) => this.commitWork(tx, items, changes)), groupCommitOptionsFor(options.db, options.groupCommit));
  }

  /** Starts a saga: saves it, runs its first steps and queues its first command. Resolves with the saga id; SagaStoppedError after stop(). */
  start<D>(definition: SagaDefinition<D>, data: D, options: StartSagaOptions = {}): Promise<string> {
    return this.writes.run('start', () => this.startSaga(definition, data, options));
  }

  private async startSaga<D>(definition: SagaDefinition<D>, data: D, options: StartSagaOptions): Promise<string> {
    if (options.id !== undefined && (typeof options.id !== 'string' || options.id === '')) {
      // Commands and replies carry it as a non-empty string: such a saga could never hear back.
      throw new TypeError(`Invalid saga id, expected a non-empty string received ${JSON.stringify(options.id)}`);
    }
    if (typeof definition?.name !== 'string') {
      // An import cycle leaves it undefined: say so rather than fail reading its name.
      throw new TypeError(`Invalid saga definition, expected one registered with this orchestrator (sagas) received ${String(definition)}`);
    }
    const engine = this.engineFor(definition.name);
    if (engine.definition !== (definition as SagaDefinition<unknown>)) {
      throw new TypeError(`Saga "${definition.name}" is not the definition registered with this orchestrator`);
    }
    const pending: PendingStart = { engine, id: options.id ?? randomUUID(), data: sagaDataSnapshot(data), freshId: options.id === undefined };
    const { tx } = options;
    if (tx) {
      // The caller commits or rolls back after we return: events would announce what may never happen.
      // A savepoint: a start refused half-way (say, a command the outbox catalog lacks) must not leave a
      // saga row without its command in a transaction the caller may still commit.
      await inSavepoint(tx, () => this.startMany(tx, [pending], new Changes()));
    } else {
      await this.work.submit({ start: pending });
    }
    return pending.id;
  }

  /** The handlers for the reply topics, for the service's manual-commit consumer. */
  subscriptions(): TopicSubscription<SagaReplyMessage>[] {
    const handler = this.replyHandler();
    const handleBatch = this.replyBatchHandler();
    const topics = new Set([...this.engines.values()].map((engine) => engine.definition.replyTopic));
    return [...topics].map((topic) => ({
      topic,
      handler: handler as EventHandler<SagaReplyMessage>,
      handleBatch: handleBatch as EventBatchHandler<SagaReplyMessage>,
    }));
  }

  /** One reply: deduplicated by the inbox, applied to its saga (or ignored), saved; resolves once committed. */
  replyHandler(): EventHandler {
    return (event, context) =>
      this.writes.run('reply', async () => {
        this.refuseUnknownSagaType(event);
        return this.work.submit({ reply: { event, context } });
      });
  }

  /** A partition's consecutive replies, applied in one transaction (with whatever else is being committed then). */
  replyBatchHandler(): EventBatchHandler {
    return (items) =>
      this.writes.run('reply', async () => {
        // One such reply fails the batch: the consumer then hands each to replyHandler, which applies the others.
        for (const { event } of items) this.refuseUnknownSagaType(event);
        return this.work.submitAll(items.map((reply) => ({ reply })));
      });
  }

  /**
   * A reply for a saga type this orchestrator does not run is most likely a deploy in progress: an
   * instance of the previous version got a reply of a saga only the new version runs. Claimed and
   * dropped, it left that saga waiting for its step deadline and then compensating for no reason.
   * Refused as retriable and claimed nowhere, it is retried in place and then through the retry
   * topics until an instance that runs the type applies it, or it reaches the dead-letter topic,
   * where someone sees it. (A reply that is no reply at all fails later, in parseReply.)
   */
  private refuseUnknownSagaType(event: EventEnvelope): void {
    const sagaType: unknown = (event.data as { sagaType?: unknown } | null)?.sagaType;
    if (typeof sagaType !== 'string' || this.engines.has(sagaType)) return;
    throw new RetriableError(
      `Reply ${event.id} is for a "${sagaType}" saga, which this orchestrator does not run (it runs ${[...this.engines.keys()].map((type) => `"${type}"`).join(', ')}); ` +
        'retried until an instance that runs it (a newer version, during a deploy) applies it',
    );
  }

  /** One round of the deadline poller; resolves with how many sagas it moved on. Runs after stop() too: a one-off round is its caller's to await. */
  fireDeadlines(): Promise<number> {
    return this.fireDueDeadlines(() => false);
  }

  /** Fires due deadlines batch after batch, until none is left or `stopping()` (the poller's stop()). */
  private async fireDueDeadlines(stopping: () => boolean): Promise<number> {
    const batchSize = this.poller.batchSize;
    const types = [...this.engines.keys()];
    let fired = 0;
    for (;;) {
      const round = await this.inTransaction(async (tx, changes) => {
        const due = await sagaStore.lockDue(tx, { now: this.clock(), limit: batchSize, types });
        let moved = 0;
        for (const instance of due) {
          try {
            // A savepoint each: one saga that cannot move does not hold back the others.
            await inSavepoint(tx, async () => {
              const decision = await this.engineFor(instance.type).deadline(instance, this.context(tx));
              if (!decision.applied) return;
              const saved = new Changes();
              saved.transitions.push({ trigger: 'deadline', from: instance.state, transition: decision.transition });
              await this.save(tx, saved);
              changes.transitions.push(...saved.transitions);
              changes.events.push(...saved.events);
              moved += 1;
            });
          } catch (error) {
            // Left as it was, it would be locked first by every round (earliest deadline): a batch of such sagas would keep every other deadline from firing.
            await sagaStore.postponeDeadline(tx, instance.id, new Date(this.clock().getTime() + this.poller.pollIntervalMs));
            // After the postponing, and guarded: a logger that throws must not roll it back with the round.
            try {
              this.logger.error('Could not fire a saga deadline; it is tried again after the sagas due before then', { sagaId: instance.id, sagaType: instance.type, error });
            } catch {
              // Nowhere left to report it; the saga is postponed all the same.
            }
          }
        }
        return { claimed: due.length, moved };
      });
      fired += round.moved;
      // A short batch means nothing else is due; a batch where nothing moved would only come back again.
      if (round.claimed < batchSize || round.moved === 0 || stopping()) return fired;
    }
  }

  /** Polls deadlines every `deadlines.pollIntervalMs` until stop(); SagaStoppedError after stop() (nothing would stop it again). */
  startDeadlinePoller(): void {
    if (this.writes.stopped) throw new SagaStoppedError('SagaOrchestrator', 'startDeadlinePoller');
    this.poller.start();
  }

  /**
   * Stops for good, so that the caller can close the database next: stops the deadline poller
   * (a round in progress ends after its current batch) and waits for the starts, replies and
   * resumes in flight, queued group commits included, to commit or fail. From the call on, those
   * are refused with SagaStoppedError (retriable: a refused reply is redelivered). Waits at most
   * `timeoutMs` (default 10 s); past it, it resolves anyway and logs what it left running. Stop the
   * consumer that delivers the replies first, or it keeps handing over replies that are refused.
   */
  stop(options: StopOptions = {}): Promise<void> {
    return this.writes.stop(options, this.logger, () => this.poller.stop());
  }

  /**
   * Gives a saga parked as needs-attention a fresh set of compensation tries. False when there is
   * no such saga or it does not need attention; UnknownSagaTypeError when its type is not one of
   * this orchestrator's sagas; SagaStoppedError after stop().
   */
  resume(id: string): Promise<boolean> {
    return this.writes.run('resume', () => this.resumeSaga(id));
  }

  private resumeSaga(id: string): Promise<boolean> {
    return this.inTransaction(async (tx, changes) => {
      const instance = await sagaStore.lock(tx, id);
      if (!instance) return false;
      if (!this.engines.has(instance.type)) throw new UnknownSagaTypeError(id, instance.type, [...this.engines.keys()]);
      // The history only for a parked saga (resume is refused otherwise): it says why the saga compensates.
      const history = instance.state === 'needs-attention' ? await sagaStore.history(tx, id) : [];
      const decision = await this.engineFor(instance.type).resume(instance, this.context(tx), history);
      if (!decision.applied) return false;
      changes.transitions.push({ trigger: 'resume', from: instance.state, transition: decision.transition });
      await this.save(tx, changes);
      return true;
    });
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

  /** One group commit: creates and runs the starts, applies the replies, saves everything in one go. */
  private async commitWork(tx: Transaction, items: readonly Work[], changes: Changes): Promise<void> {
    const starts: PendingStart[] = [];
    const replies: DeliveredReply[] = [];
    for (const item of items) {
      if (item.start) starts.push(item.start);
      else replies.push(item.reply);
    }
    if (starts.length > 0) await this.createAndStart(tx, starts, changes);
    if (replies.length > 0) await this.applyReplies(tx, replies, changes);
    await this.save(tx, changes);
  }

  /** Saves new instances, runs them forward and saves where they stopped. */
  private async startMany(tx: Transaction, starts: readonly PendingStart[], changes: Changes): Promise<void> {
    await this.createAndStart(tx, starts, changes);
    await this.save(tx, changes);
  }

  /**
   * Runs new instances forward; their transitions are added to `changes`, not saved yet. A saga
   * whose id the caller chose is inserted first, so that a repeated start finds it and does
   * nothing (not even its local steps); one with a generated id cannot exist yet, so it is only
   * inserted once, in the state its first steps left it (one row write instead of two).
   */
  private async createAndStart(tx: Transaction, starts: readonly PendingStart[], changes: Changes): Promise<void> {
    const now = this.clock();
    const created = starts.map((start) => ({ start, instance: start.engine.create(start.id, start.data, now) }));
    const chosen = created.filter(({ start }) => !start.freshId);
    const inserted = await sagaStore.insertMany(
      tx,
      chosen.map((c) => c.instance),
    );
    for (const { start, instance } of created) {
      if (!start.freshId) {
        if (!inserted.has(instance.id)) continue;
        inserted.delete(instance.id); // the same id twice in one batch starts once
      }
      changes.events.push({ type: 'started', sagaType: instance.type, sagaId: instance.id });
      // Version 1 is what a created row has (insertMany), so both paths save the same versions.
      const transition = await start.engine.start({ ...instance, version: instance.version + 1 }, this.context(tx));
      changes.transitions.push({ trigger: 'start', from: 'running', transition, insert: start.freshId });
    }
  }

  /**
   * Claims the replies in the inbox and locks their sagas (in id order) in one statement, applies
   * each; their transitions are added to `changes`, not saved yet. Every reply here is of a saga
   * type this orchestrator runs: the reply handlers refused the others (refuseUnknownSagaType).
   */
  private async applyReplies(tx: Transaction, delivered: readonly DeliveredReply[], changes: Changes): Promise<void> {
    const parsed = delivered.map((delivered) => ({ ...delivered, reply: parseReply(delivered.event) }));
    const { claimed, instances } = await sagaStore.claimAndLock(tx, {
      group: this.options.service,
      events: parsed,
      sagaIds: parsed.map(({ reply }) => reply.sagaId),
    });
    // claimed.delete: an event delivered twice in one group is applied once.
    const known = parsed.filter(({ event }) => claimed.delete(event.id));
    const latest = new Map<string, { from: SagaState; transition: Transition<unknown>; causationIds: string[] }>();
    for (const { event, reply } of known) {
      const previous = latest.get(reply.sagaId);
      const instance = previous?.transition.instance ?? instances.get(reply.sagaId);
      if (!instance) {
        changes.events.push({ type: 'reply-ignored', sagaType: reply.sagaType, sagaId: reply.sagaId, reason: 'unknown-saga' });
        continue;
      }
      // The reply's engine (its type is registered): one that names the wrong saga is ignored by it, even a saga of a type this orchestrator does not run.
      const decision = await this.engineFor(reply.sagaType).reply(instance, reply, this.context(tx));
      if (!decision.applied) {
        changes.events.push({ type: 'reply-ignored', sagaType: reply.sagaType, sagaId: reply.sagaId, reason: decision.reason });
        continue;
      }
      // Two replies of one saga in one batch: the second builds on the first (one saved row, merged history and commands).
      const transition = previous
        ? {
            instance: { ...decision.transition.instance, version: previous.transition.instance.version },
            history: [...previous.transition.history, ...decision.transition.history],
            commands: [...previous.transition.commands, ...decision.transition.commands],
          }
        : decision.transition;
      const causationIds = [...(previous?.causationIds ?? []), ...decision.transition.commands.map(() => event.id)];
      latest.set(reply.sagaId, { from: previous?.from ?? instance.state, transition, causationIds });
    }
    for (const { from, transition, causationIds } of latest.values()) changes.transitions.push({ trigger: 'reply', from, transition, causationIds });
  }

  /** Saves the transitions and queues their commands; adds the events they produce. */
  private async save(tx: Transaction, changes: Changes): Promise<void> {
    const { transitions } = changes;
    if (transitions.length === 0) return;
    const saved = (insert: boolean) =>
      transitions.filter((t) => (t.insert ?? false) === insert).map(({ transition }) => ({ instance: transition.instance, history: transition.history }));
    await sagaStore.insertStarted(tx, saved(true));
    await sagaStore.saveMany(tx, saved(false));
    const commands: OutboxEvent[] = transitions.flatMap(({ transition, causationIds }) =>
      transition.commands.map((command, index) => ({
        topic: command.topic,
        aggregateId: command.key,
        payload: command.message,
        correlationId: transition.instance.id,
        ...(causationIds?.[index] === undefined ? {} : { causationId: causationIds[index] }),
      })),
    );
    if (commands.length > 0) await this.options.outbox.addMany(tx, commands);
    for (const { trigger, from, transition } of transitions) changes.events.push(...eventsOf(trigger, from, transition));
  }

  /** A transaction whose events are announced once it committed. */
  private async inTransaction<T>(work: (tx: Transaction, changes: Changes) => Promise<T>): Promise<T> {
    const changes = new Changes();
    const result = await this.options.db.transaction((tx) => work(tx, changes));
    this.emit(changes.events);
    return result;
  }

  private context(tx: Transaction): EngineContext {
    return {
      now: this.clock(),
      runLocal: (work) => inLazySavepoint(tx, work),
      isTransactionError: isTransientDatabaseError,
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
    const warn = (error: unknown) => this.logger.warn('A saga event listener threw', { error });
    for (const event of events) {
      try {
        const returned: unknown = listener(event);
        // An async listener rejects rather than throws: the same warning, not an unhandled rejection.
        if (returned instanceof Promise) returned.catch(warn);
      } catch (error) {
        warn(error);
      }
    }
  }
}

function eventsOf(trigger: Trigger, from: SagaState, { instance, history }: Transition<unknown>): SagaEvent[] {
  const base = { sagaType: instance.type, sagaId: instance.id };
  const events: SagaEvent[] = [];
  if (from !== instance.state) events.push({ type: 'transitioned', ...base, from, to: instance.state, trigger });
  for (const entry of history) {
    if (entry.event === 'timed-out') events.push({ type: 'timed-out', ...base, step: entry.stepName, direction: entry.direction });
    if (entry.event === 'retry-scheduled') events.push({ type: 'compensation-retry-scheduled', ...base, step: entry.stepName });
    if (entry.event === 'parked') events.push({ type: 'needs-attention', ...base, reason: instance.failureReason ?? entry.reason ?? '' });
  }
  if (isTerminal(instance.state) && from !== instance.state) {
    events.push({ type: 'finished', ...base, state: instance.state, durationMs: instance.updatedAt.getTime() - instance.createdAt.getTime() });
  }
  return events;
}

/** Refused here, or a saga missing .build() would surface as an undefined reply topic or an unknown saga much later. */
function checkDefinitions(sagas: readonly AnySagaDefinition[]): void {
  if (!Array.isArray(sagas)) throw new TypeError(`Invalid sagas, expected an array of saga definitions (saga(...)...build()) received ${String(sagas)}`);
  sagas.forEach((definition, index) => {
    if (typeof definition?.name === 'string' && Array.isArray(definition.steps)) return;
    const received = typeof definition === 'object' && definition !== null ? 'an object without name and steps (missing .build()?)' : String(definition);
    throw new TypeError(`Invalid sagas[${index}], expected a built definition (saga(...)...build()) received ${received}`);
  });
}

function parseReply(event: EventEnvelope): SagaReply {
  const parsed = SagaReplyMessageSchema.safeParse(event.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new NonRetriableError(`Invalid saga reply ${event.id}: ${issues}`);
  }
  return parsed.data as SagaReply;
}
