import { backoffDelay, errorMessage } from '@platform/kafka';
import type { Transaction } from '@platform/database';
import type { SagaCommand } from '../definition/command';
import { isSagaFailure, type SagaOutcome } from '../definition/outcome';
import type { LocalAction, SagaDefinition, StepDefinition } from '../definition/saga-definition';
import type { SagaCommandMessage, SagaRouting } from '../messages/saga-messages';
import { type HistoryEvent, isTerminal, type SagaHistoryEntry, type SagaInstance } from './saga-instance';

/** A command the transition sends; the orchestrator writes it to the outbox in the same transaction. */
export interface OutgoingCommand {
  topic: string;
  key: string;
  type: string;
  message: SagaCommandMessage;
}

export interface EngineContext {
  now: Date;
  /** Runs a local step or compensation; whatever `work` wrote must be undone if it throws (a savepoint). */
  runLocal<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** For backoff jitter; default Math.random. */
  random?: () => number;
  /**
   * Errors of the transaction rather than of the step (a lost deadlock, a serialization failure):
   * a local step that throws one fails the whole transition, which is tried again, not the saga.
   */
  isTransactionError?: (error: unknown) => boolean;
}

/** The saga's new state and what to send and record, all saved in one transaction. */
export interface Transition<D> {
  instance: SagaInstance<D>;
  commands: OutgoingCommand[];
  history: SagaHistoryEntry[];
}

export type IgnoredReason = 'finished' | 'not-waiting-for-reply' | 'stale-attempt' | 'wrong-step' | 'wrong-saga' | 'not-due';

export type Decision<D> = { applied: true; transition: Transition<D> } | { applied: false; reason: IgnoredReason };

/** A reply as the engine sees it: the routing it echoes and the participant's outcome. */
export type SagaReply = SagaRouting & SagaOutcome;

/**
 * The saga state machine, free of I/O: every entry point takes the current instance and returns
 * the next one plus the commands and history to save with it. The orchestrator and the
 * given/expect harness run this same code.
 */
export class SagaEngine<D> {
  constructor(readonly definition: SagaDefinition<D>) {}

  /** A new instance, not started yet: saved first, so a start repeated with the same id does nothing. */
  create(id: string, data: D, now: Date): SagaInstance<D> {
    return {
      id,
      type: this.definition.name,
      state: 'running',
      currentStep: 0,
      compensating: false,
      data,
      version: 0,
      attempt: 0,
      compensationAttempts: 0,
      waitingFor: null,
      deadline: null,
      failureReason: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Runs a created instance forward until it waits for a reply or finishes. */
  async start(created: SagaInstance<D>, context: EngineContext): Promise<Transition<D>> {
    if (created.state !== 'running' || created.currentStep !== 0 || created.attempt !== 0) {
      throw new Error(`Saga ${created.id} was started already (state ${created.state}, step ${created.currentStep})`);
    }
    const run = new Run(this.definition, created, context);
    await run.forward();
    return run.transition();
  }

  /** Applies a participant's reply, or says why it is ignored (a duplicate, a late or a stray reply). */
  async reply(current: SagaInstance<D>, reply: SagaReply, context: EngineContext): Promise<Decision<D>> {
    if (reply.sagaId !== current.id || reply.sagaType !== current.type) return { applied: false, reason: 'wrong-saga' };
    if (isTerminal(current.state)) return { applied: false, reason: 'finished' };
    if (current.waitingFor !== 'reply') return { applied: false, reason: 'not-waiting-for-reply' };
    if (reply.attempt !== current.attempt) return { applied: false, reason: 'stale-attempt' };
    if (reply.step !== current.currentStep) return { applied: false, reason: 'wrong-step' };
    const run = new Run(this.definition, current, context);
    await run.onReply(reply);
    return { applied: true, transition: run.transition() };
  }

  /** The deadline passed: a reply that never came (a failure) or a compensation due for another try. */
  async deadline(current: SagaInstance<D>, context: EngineContext): Promise<Decision<D>> {
    if (isTerminal(current.state)) return { applied: false, reason: 'finished' };
    if (current.deadline === null || current.deadline.getTime() > context.now.getTime()) return { applied: false, reason: 'not-due' };
    const run = new Run(this.definition, current, context);
    await run.onDeadline();
    return { applied: true, transition: run.transition() };
  }

  /**
   * An operator resumes a parked saga: its compensation gets a fresh set of tries. `history` (the
   * saga's step history) gives back why it compensates, which parking replaced with why it stopped.
   */
  async resume(current: SagaInstance<D>, context: EngineContext, history: readonly SagaHistoryEntry[] = []): Promise<Decision<D>> {
    if (current.state !== 'needs-attention') return { applied: false, reason: 'finished' };
    const run = new Run(this.definition, current, context);
    await run.resume(compensationCause(history));
    return { applied: true, transition: run.transition() };
  }
}

/** One transition in the making: a working copy of the instance plus what it produced. */
class Run<D> {
  private readonly instance: SagaInstance<D>;
  private readonly commands: OutgoingCommand[] = [];
  private readonly history: SagaHistoryEntry[] = [];

  constructor(
    private readonly definition: SagaDefinition<D>,
    current: SagaInstance<D>,
    private readonly context: EngineContext,
  ) {
    this.instance = { ...current, updatedAt: context.now };
  }

  transition(): Transition<D> {
    return { instance: this.instance, commands: this.commands, history: this.history };
  }

  /** Runs steps from currentStep until one waits for a reply, one fails, or none is left. */
  async forward(): Promise<void> {
    const { steps } = this.definition;
    for (;;) {
      const step = steps[this.instance.currentStep];
      if (!step) return this.finish('completed');
      if (step.action.kind === 'invoke') {
        const command = this.build(step.action.command);
        if (command instanceof Error) return this.failForward(step, `command of step "${step.name}" could not be built: ${command.message}`, false);
        this.send(step, command, 'forward', step.action.timeoutMs ?? this.definition.stepTimeoutMs);
        return;
      }
      const outcome = await this.runLocal(step.action.run);
      if (outcome.failed) return this.failForward(step, outcome.reason, false);
      this.instance.data = outcome.data;
      this.record(step, 'forward', 'succeeded');
      this.instance.currentStep += 1;
    }
  }

  async onReply(reply: SagaReply): Promise<void> {
    const step = this.currentStep();
    this.stopWaiting();
    if (!this.instance.compensating) {
      if (reply.outcome === 'failure') return this.failForward(step, reply.reason, false, reply.attempt);
      const onReply = step.action.kind === 'invoke' ? step.action.onReply : undefined;
      if (onReply) {
        try {
          // Nothing returned: the data stays as it was (as for a local step), not an undefined the database refuses.
          const folded = onReply(this.instance.data, reply.payload);
          if (folded !== undefined) this.instance.data = folded;
        } catch (error) {
          // The participant did its part: undo it along with the earlier steps.
          return this.failForward(step, `reply handler of step "${step.name}" failed: ${errorMessage(error)}`, true, reply.attempt);
        }
      }
      this.record(step, 'forward', 'succeeded', reply.attempt);
      this.instance.currentStep += 1;
      return this.forward();
    }
    if (reply.outcome === 'failure') return this.compensationTryFailed(step, reply.reason, reply.attempt);
    this.compensated(step, reply.attempt);
    return this.compensate();
  }

  async onDeadline(): Promise<void> {
    const step = this.currentStep();
    const waitingFor = this.instance.waitingFor;
    this.stopWaiting();
    if (waitingFor === 'retry') return this.compensate();
    this.record(step, this.direction(), 'timed-out', this.instance.attempt);
    const reason = `step "${step.name}" got no reply in time`;
    // The participant may still act on a command it received late: undo this step too (compensations tolerate "nothing to undo").
    if (!this.instance.compensating) return this.failForward(step, reason, true);
    return this.compensationTryFailed(step, reason);
  }

  async resume(cause: string | null): Promise<void> {
    this.instance.state = 'compensating';
    // What local compensations are told, and what the saga shows once compensated.
    if (cause !== null) this.instance.failureReason = cause;
    this.instance.compensationAttempts = 0;
    this.record(this.currentStep(), 'compensation', 'resumed');
    return this.compensate();
  }

  /** Undoes steps from currentStep down to 0, skipping those without a compensation. */
  private async compensate(): Promise<void> {
    const { steps } = this.definition;
    for (;;) {
      if (this.instance.currentStep < 0) return this.finish('compensated');
      const step = steps[this.instance.currentStep];
      const compensation = step.compensation;
      if (!compensation) {
        this.instance.currentStep -= 1;
        continue;
      }
      this.instance.compensationAttempts += 1;
      if (compensation.kind === 'invoke') {
        const command = this.build(compensation.command);
        if (command instanceof Error) return this.compensationTryFailed(step, `compensation command could not be built: ${command.message}`);
        this.send(step, command, 'compensation', compensation.timeoutMs ?? this.definition.compensation.timeoutMs);
        return;
      }
      const outcome = await this.runLocal(compensation.run);
      if (outcome.failed) return this.compensationTryFailed(step, outcome.reason);
      this.instance.data = outcome.data;
      this.compensated(step, null);
    }
  }

  /**
   * A forward step failed: compensate the steps before it, and this one too when it may have
   * happened (a timeout, a reply that could not be applied).
   */
  private async failForward(step: StepDefinition<D>, reason: string, includeThisStep: boolean, attempt: number | null = null): Promise<void> {
    this.record(step, 'forward', 'failed', attempt, reason);
    this.instance.state = 'compensating';
    this.instance.compensating = true;
    this.instance.failureReason = `${step.name}: ${reason}`;
    this.instance.compensationAttempts = 0;
    this.instance.currentStep = includeThisStep ? step.index : step.index - 1;
    return this.compensate();
  }

  private compensated(step: StepDefinition<D>, attempt: number | null): void {
    this.record(step, 'compensation', 'succeeded', attempt);
    this.instance.compensationAttempts = 0;
    this.instance.currentStep -= 1;
  }

  /** Another try after a backoff, or, once the tries are used up, park the saga for a human. */
  private compensationTryFailed(step: StepDefinition<D>, reason: string, attempt: number | null = null): void {
    this.record(step, 'compensation', 'failed', attempt, reason);
    const { maxAttempts, backoff } = this.definition.compensation;
    if (this.instance.compensationAttempts >= maxAttempts) {
      this.instance.state = 'needs-attention';
      this.instance.failureReason = `compensation of step "${step.name}" failed ${this.instance.compensationAttempts} time(s), last: ${reason}`;
      this.record(step, 'compensation', 'parked', null, reason);
      return;
    }
    const delayMs = backoffDelay(this.instance.compensationAttempts, backoff, this.context.random);
    this.wait('retry', delayMs);
    this.record(step, 'compensation', 'retry-scheduled', null, `in ${delayMs} ms`);
  }

  private send(step: StepDefinition<D>, command: SagaCommand, direction: 'forward' | 'compensation', timeoutMs: number | undefined): void {
    this.instance.attempt += 1;
    const { id, type, attempt } = this.instance;
    this.commands.push({
      topic: command.topic,
      key: command.key ?? id,
      type: command.type,
      message: {
        sagaId: id,
        sagaType: type,
        step: step.index,
        attempt,
        command: command.type,
        compensation: direction === 'compensation',
        replyTopic: this.definition.replyTopic,
        payload: command.payload,
      },
    });
    this.record(step, direction, 'command-sent', attempt, command.type);
    this.wait('reply', timeoutMs);
  }

  private build(builder: (data: Readonly<D>) => SagaCommand): SagaCommand | Error {
    let command: SagaCommand;
    try {
      command = builder(this.instance.data);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    // Not a command (a block body without return): fails the step here, not the transaction that saves it.
    if (typeof command?.topic !== 'string' || typeof command?.type !== 'string') {
      return new TypeError(`expected a command (e.g. reserveStock.with(payload)) received ${String(command)}`);
    }
    // The outbox refuses such a key: caught here, it fails the step instead of every try to save it.
    if (command.key !== undefined && (typeof command.key !== 'string' || command.key === '')) {
      return new TypeError(`expected a non-empty string key (or none: the saga id) received ${typeof command.key === 'string' ? '""' : String(command.key)}`);
    }
    return command;
  }

  private async runLocal(action: LocalAction<D>): Promise<{ failed: false; data: D } | { failed: true; reason: string }> {
    const { id: sagaId, data, failureReason } = this.instance;
    try {
      const result = await this.context.runLocal(async (tx) => {
        const returned = await action({ sagaId, data, tx, ...(failureReason ? { failureReason } : {}) });
        // Thrown so the runner rolls the step's writes back.
        if (isSagaFailure(returned)) throw new LocalStepFailure(returned.reason);
        return returned;
      });
      return { failed: false, data: result === undefined ? data : result };
    } catch (error) {
      if (this.context.isTransactionError?.(error)) throw error;
      return { failed: true, reason: errorMessage(error) };
    }
  }

  private finish(state: 'completed' | 'compensated'): void {
    this.instance.state = state;
    this.stopWaiting();
  }

  private wait(waitingFor: 'reply' | 'retry', afterMs: number | undefined): void {
    this.instance.waitingFor = waitingFor;
    this.instance.deadline = afterMs === undefined ? null : new Date(this.context.now.getTime() + afterMs);
  }

  private stopWaiting(): void {
    this.instance.waitingFor = null;
    this.instance.deadline = null;
  }

  private currentStep(): StepDefinition<D> {
    const step = this.definition.steps[this.instance.currentStep];
    if (!step) throw new Error(`Saga ${this.instance.id} (${this.instance.type}) points at step ${this.instance.currentStep}, which its definition does not have`);
    return step;
  }

  private direction(): 'forward' | 'compensation' {
    return this.instance.compensating ? 'compensation' : 'forward';
  }

  private record(step: StepDefinition<D>, direction: 'forward' | 'compensation', event: HistoryEvent, attempt: number | null = null, reason: string | null = null): void {
    this.history.push({ step: step.index, stepName: step.name, direction, event, attempt, reason, at: this.context.now });
  }
}

/** Why the saga compensates, as failForward put it, from its history: the last forward step that failed. */
function compensationCause(history: readonly SagaHistoryEntry[]): string | null {
  const failed = [...history].reverse().find((entry) => entry.direction === 'forward' && entry.event === 'failed');
  return failed?.reason ? `${failed.stepName}: ${failed.reason}` : null;
}

/** A local step returned failure(reason). */
class LocalStepFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'LocalStepFailure';
  }
}
