import { isDeepStrictEqual, inspect } from 'node:util';
import type { Transaction } from '@platform/database';
import type { SagaOutcome } from '../definition/outcome';
import type { SagaDefinition } from '../definition/saga-definition';
import { sagaDataSnapshot } from '../engine/saga-data';
import { type EngineContext, type OutgoingCommand, SagaEngine, type Transition } from '../engine/saga-engine';
import type { SagaHistoryEntry, SagaInstance, SagaState } from '../engine/saga-instance';

export interface GivenSagaOptions {
  /** Default `saga-1`. */
  sagaId?: string;
  /** Handed to local steps; default a transaction that records the SQL it is sent and returns no rows. */
  tx?: Transaction;
  /** The clock at the start; default 2026-01-01T00:00:00Z. */
  now?: Date;
  /** Backoff jitter; default just below 1 (always the cap), so retry delays are predictable. */
  random?: () => number;
}

/** What the scenario ended with, for assertions the fluent expectations do not cover. */
export interface SagaScenarioResult<D> {
  instance: SagaInstance<D>;
  /** Every command sent, in order. */
  commands: OutgoingCommand[];
  history: SagaHistoryEntry[];
  /** SQL sent to the default recording transaction. */
  queries: { text: string; params: readonly unknown[] }[];
}

export interface ExpectedCommand {
  type?: string;
  payload?: unknown;
  key?: string;
  /** True when the command is a compensation. */
  compensation?: boolean;
}

/** A test failed; the message says what was expected and what happened. */
export class SagaExpectationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SagaExpectationError';
  }
}

/**
 * Tests a saga definition with no broker and no database: the real engine runs against an
 * in-memory instance. Reads like the saga:
 *
 *   await givenSaga(createOrder)
 *     .whenStarted({ orderId: 'o-1', sku: 'A', quantity: 2 })
 *     .expectCommand('inventory.stock.commands', { type: 'reserve-stock', payload: { sku: 'A', quantity: 2 } })
 *     .whenReply(failure('out-of-stock'))
 *     .expectState('compensated');
 *
 * Nothing runs until the chain is awaited.
 */
export function givenSaga<D>(definition: SagaDefinition<D>, options: GivenSagaOptions = {}): SagaScenario<D> {
  return new SagaScenario(definition, options, []);
}

type Step<D> = (world: World<D>) => Promise<void> | void;

interface World<D> {
  engine: SagaEngine<D>;
  instance: SagaInstance<D> | undefined;
  now: Date;
  sent: OutgoingCommand[];
  /** Commands not yet matched by expectCommand. */
  unchecked: OutgoingCommand[];
  history: SagaHistoryEntry[];
  queries: { text: string; params: readonly unknown[] }[];
  options: GivenSagaOptions;
}

export class SagaScenario<D> implements PromiseLike<SagaScenarioResult<D>> {
  constructor(
    private readonly definition: SagaDefinition<D>,
    private readonly options: GivenSagaOptions,
    private readonly steps: readonly Step<D>[],
  ) {}

  whenStarted(data: D): SagaScenario<D> {
    return this.then_(async (world) => {
      if (world.instance) throw new SagaExpectationError('whenStarted: the saga was already started');
      const created = world.engine.create(world.options.sagaId ?? 'saga-1', sagaDataSnapshot(data), world.now); // as the orchestrator's start does
      apply(world, await world.engine.start(created, context(world)));
    });
  }

  /** The participant answers the command the saga waits on (its current step and attempt). */
  whenReply(outcome: SagaOutcome, options: { attempt?: number; step?: number } = {}): SagaScenario<D> {
    return this.then_(async (world) => {
      const instance = started(world, 'whenReply');
      const reply = {
        sagaId: instance.id,
        sagaType: instance.type,
        step: options.step ?? instance.currentStep,
        attempt: options.attempt ?? instance.attempt,
        ...roundTrip(outcome),
      };
      const decision = await world.engine.reply(instance, reply, context(world));
      if (!decision.applied) {
        throw new SagaExpectationError(`whenReply: the saga ignored the reply (${decision.reason}); use expectReplyIgnored for stale replies`);
      }
      apply(world, decision.transition);
    });
  }

  /** A reply the saga must ignore, e.g. a duplicate of an earlier one (`{ attempt: 1 }`). */
  expectReplyIgnored(outcome: SagaOutcome, options: { attempt?: number; step?: number } = {}): SagaScenario<D> {
    return this.then_(async (world) => {
      const instance = started(world, 'expectReplyIgnored');
      const reply = { sagaId: instance.id, sagaType: instance.type, step: options.step ?? instance.currentStep, attempt: options.attempt ?? instance.attempt, ...roundTrip(outcome) };
      const decision = await world.engine.reply(instance, reply, context(world));
      if (decision.applied) throw new SagaExpectationError(`expectReplyIgnored: the saga applied the reply ${inspect(reply)}`);
    });
  }

  /** The clock jumps to the saga's deadline: a missing reply times out, a compensation retry becomes due. */
  whenDeadlinePasses(): SagaScenario<D> {
    return this.then_(async (world) => {
      const instance = started(world, 'whenDeadlinePasses');
      if (!instance.deadline) throw new SagaExpectationError(`whenDeadlinePasses: the saga has no deadline (state ${instance.state})`);
      world.now = instance.deadline;
      const decision = await world.engine.deadline(instance, context(world));
      if (!decision.applied) throw new SagaExpectationError(`whenDeadlinePasses: nothing happened (${decision.reason})`);
      apply(world, decision.transition);
    });
  }

  /** An operator resumes a saga parked as needs-attention. */
  whenResumed(): SagaScenario<D> {
    return this.then_(async (world) => {
      const decision = await world.engine.resume(started(world, 'whenResumed'), context(world), world.history);
      if (!decision.applied) throw new SagaExpectationError(`whenResumed: the saga is not parked (${decision.reason})`);
      apply(world, decision.transition);
    });
  }

  /** The oldest command not checked yet went to `topic` (and matches `expected`, payload compared deeply). */
  expectCommand(topic: string, expected: ExpectedCommand = {}): SagaScenario<D> {
    return this.then_((world) => {
      const command = world.unchecked.shift();
      if (!command) throw new SagaExpectationError(`expectCommand: expected a command to ${topic}, but none was sent`);
      const actual = { topic: command.topic, type: command.type, key: command.key, payload: command.message.payload, compensation: command.message.compensation };
      const wanted = { topic, ...expected };
      const mismatched = Object.entries(wanted).filter(([field, value]) => !isDeepStrictEqual(actual[field as keyof typeof actual], value));
      if (mismatched.length > 0) {
        throw new SagaExpectationError(
          `expectCommand: ${mismatched.map(([field]) => field).join(', ')} differ.\n  expected: ${inspect(wanted, { depth: 6 })}\n  actual:   ${inspect(actual, { depth: 6 })}`,
        );
      }
    });
  }

  /** Every command sent so far was checked, and nothing else was sent. */
  expectNoCommand(): SagaScenario<D> {
    return this.then_((world) => {
      if (world.unchecked.length > 0) {
        throw new SagaExpectationError(`expectNoCommand: unchecked command(s): ${inspect(world.unchecked.map((c) => `${c.topic} ${c.type}`))}`);
      }
    });
  }

  expectState(state: SagaState): SagaScenario<D> {
    return this.then_((world) => {
      const actual = started(world, 'expectState').state;
      if (actual !== state) throw new SagaExpectationError(`expectState: expected ${state}, the saga is ${actual} (${world.instance?.failureReason ?? 'no failure'})`);
    });
  }

  /** The saga's data has these fields with these values (compared deeply). */
  expectData(expected: Partial<D>): SagaScenario<D> {
    return this.then_((world) => {
      const data = started(world, 'expectData').data as Record<string, unknown>;
      for (const [field, value] of Object.entries(expected)) {
        if (!isDeepStrictEqual(data[field], value)) {
          throw new SagaExpectationError(`expectData: ${field} is ${inspect(data[field])}, expected ${inspect(value)}`);
        }
      }
    });
  }

  /** Steps undone so far, in the order they were undone. */
  expectCompensated(stepNames: readonly string[]): SagaScenario<D> {
    return this.then_((world) => {
      const undone = world.history.filter((h) => h.direction === 'compensation' && h.event === 'succeeded').map((h) => h.stepName);
      if (!isDeepStrictEqual(undone, stepNames)) throw new SagaExpectationError(`expectCompensated: expected ${inspect(stepNames)}, undone ${inspect(undone)}`);
    });
  }

  /** The saga waits with a deadline this far from the current clock (null = no deadline). */
  expectDeadlineIn(ms: number | null): SagaScenario<D> {
    return this.then_((world) => {
      const deadline = started(world, 'expectDeadlineIn').deadline;
      const actual = deadline === null ? null : deadline.getTime() - world.now.getTime();
      if (actual !== ms) throw new SagaExpectationError(`expectDeadlineIn: expected ${ms} ms, the deadline is ${actual === null ? 'unset' : `${actual} ms`} away`);
    });
  }

  /** Runs the scenario and resolves with the final instance, the commands and the history. */
  async run(): Promise<SagaScenarioResult<D>> {
    const queries: World<D>['queries'] = [];
    const world: World<D> = {
      engine: new SagaEngine(this.definition),
      instance: undefined,
      now: this.options.now ?? new Date('2026-01-01T00:00:00.000Z'),
      sent: [],
      unchecked: [],
      history: [],
      queries,
      options: { ...this.options, tx: this.options.tx ?? recordingTransaction(queries) },
    };
    for (const step of this.steps) await step(world);
    return { instance: started(world, 'run'), commands: world.sent, history: world.history, queries };
  }

  then<T1 = SagaScenarioResult<D>, T2 = never>(
    onFulfilled?: ((value: SagaScenarioResult<D>) => T1 | PromiseLike<T1>) | null,
    onRejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    return this.run().then(onFulfilled, onRejected);
  }

  private then_(step: Step<D>): SagaScenario<D> {
    return new SagaScenario(this.definition, this.options, [...this.steps, step]);
  }
}

function context<D>(world: World<D>): EngineContext {
  const tx = world.options.tx as Transaction;
  return { now: world.now, runLocal: (work) => work(tx), random: world.options.random ?? (() => 1 - Number.EPSILON) };
}

function apply<D>(world: World<D>, transition: Transition<D>): void {
  // What the orchestrator stores is JSON: round-trip so a test sees what production would.
  world.instance = { ...transition.instance, data: roundTrip(transition.instance.data) };
  const commands = transition.commands.map((command) => roundTrip(command));
  world.sent.push(...commands);
  world.unchecked.push(...commands);
  world.history.push(...transition.history);
}

function started<D>(world: World<D>, what: string): SagaInstance<D> {
  if (!world.instance) throw new SagaExpectationError(`${what}: the saga was not started; begin with whenStarted(data)`);
  return world.instance;
}

function roundTrip<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function recordingTransaction(queries: World<unknown>['queries']): Transaction {
  return {
    query: async (text, params = []) => {
      queries.push({ text, params });
      return { rows: [], rowCount: 0 };
    },
    exec: async (script) => {
      queries.push({ text: script, params: [] });
    },
  };
}
