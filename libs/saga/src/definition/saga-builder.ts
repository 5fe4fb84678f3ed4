import type { BackoffOptions } from '@platform/kafka';
import { validateSagaTopicName } from '@platform/naming';
import { checkName } from './command';
import {
  type CommandBuilder,
  type Compensation,
  type CompensationPolicy,
  DEFAULT_COMPENSATION_POLICY,
  type InvokeOptions,
  type LocalAction,
  type ReplyHandler,
  type SagaDefinition,
  type StepAction,
  type StepDefinition,
} from './saga-definition';

export interface SagaOptions {
  /** The saga type, lowercase words joined by hyphens, e.g. `create-order`. */
  name: string;
  /** Where participants reply: `<domain>.<entity>.replies`, owned by this saga's service. */
  replyTopic: string;
  /** Default deadline of every invoke step; a step's own `timeoutMs` wins. Unset = steps wait forever. */
  stepTimeoutMs?: number;
  /** How a failing compensation is retried before the saga is parked as `needs-attention`. */
  compensation?: { maxAttempts?: number; timeoutMs?: number; backoff?: Partial<BackoffOptions> };
}

/** The steps declared so far: declare another or build. */
export interface SagaSteps<D> {
  step(name: string): StepBuilder<D>;
  build(): SagaDefinition<D>;
}

export interface StepBuilder<D> {
  /** Sends a command to a participant and waits for its success or failure reply. */
  invoke<P, R>(command: CommandBuilder<D, P, R>, options?: InvokeOptions): InvokeStepBuilder<D, R>;
  /** Runs in the orchestrator's own transaction, with the saga's state change. */
  local(run: LocalAction<D>): LocalStepBuilder<D>;
}

export interface InvokeStepBuilder<D, R> extends SagaSteps<D> {
  /** Updates the saga's data from the participant's success reply. */
  onReply(handler: ReplyHandler<D, R>): InvokeStepBuilder<D, R>;
  /** The command that undoes this step, sent if a later step fails. */
  withCompensation<P, CR>(command: CommandBuilder<D, P, CR>, options?: InvokeOptions): SagaSteps<D>;
}

export interface LocalStepBuilder<D> extends SagaSteps<D> {
  /** Undoes this step in the orchestrator's own transaction if a later step fails. */
  withCompensation(run: LocalAction<D>): SagaSteps<D>;
}

/**
 * Declares a saga that reads top to bottom:
 *
 *   saga<Order>({ name: 'create-order', replyTopic: 'orders.order.replies' })
 *     .step('create-order').local(createPending).withCompensation(reject)
 *     .step('reserve-stock').invoke(reserveStock).onReply(keepReservation).withCompensation(releaseStock)
 *     .step('approve-order').local(approve)
 *     .build();
 */
export function saga<D>(options: SagaOptions): SagaSteps<D> {
  checkName('saga name', options?.name);
  validateSagaTopicName(options.replyTopic);
  if (!options.replyTopic.endsWith('.replies')) {
    throw new TypeError(`Invalid reply topic "${options.replyTopic}": expected <domain>.<entity>.replies, e.g. orders.order.replies`);
  }
  if (options.stepTimeoutMs !== undefined) checkMs('stepTimeoutMs', options.stepTimeoutMs, 1, WAITS_FOREVER_WHEN_UNSET);
  // A copy of what was checked: build() reads it later, when the caller's object may have changed.
  const { name, replyTopic, stepTimeoutMs } = options;
  const checked: SagaOptions = stepTimeoutMs === undefined ? { name, replyTopic } : { name, replyTopic, stepTimeoutMs };
  return steps(checked, compensationPolicy(options), []);
}

function steps<D>(options: SagaOptions, policy: CompensationPolicy, declared: readonly StepDefinition<D>[]): SagaSteps<D> {
  return {
    step: (name) => stepBuilder(options, policy, declared, name),
    build: () => build(options, policy, declared),
  };
}

function stepBuilder<D>(options: SagaOptions, policy: CompensationPolicy, declared: readonly StepDefinition<D>[], name: string): StepBuilder<D> {
  checkName('step name', name);
  if (declared.some((step) => step.name === name)) {
    throw new TypeError(`Invalid step name "${name}" in saga "${options.name}": a step with that name is already declared`);
  }
  const add = (action: StepAction<D>, compensation?: Compensation<D>): StepDefinition<D>[] => [
    ...declared,
    compensation ? { index: declared.length, name, action, compensation } : { index: declared.length, name, action },
  ];
  return {
    invoke<P, R>(command: CommandBuilder<D, P, R>, invokeOptions: InvokeOptions = {}): InvokeStepBuilder<D, R> {
      checkFunction(`step "${name}" invoke`, command);
      const timeoutMs = checkInvokeOptions(`timeoutMs of step "${name}"`, invokeOptions, options.stepTimeoutMs === undefined ? WAITS_FOREVER_WHEN_UNSET : '');
      const invokeStep = (onReply?: ReplyHandler<D, R>): InvokeStepBuilder<D, R> => {
        const action: StepAction<D> = {
          kind: 'invoke',
          command: command as CommandBuilder<D>,
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
          ...(onReply ? { onReply: onReply as ReplyHandler<D, unknown> } : {}),
        };
        return {
          ...steps(options, policy, add(action)),
          onReply: (handler) => {
            checkFunction(`step "${name}" onReply`, handler);
            if (onReply) throw new TypeError(`Step "${name}" already has a reply handler`);
            return invokeStep(handler);
          },
          withCompensation: (compensate, compensationOptions = {}) => {
            checkFunction(`step "${name}" compensation`, compensate);
            const compensationTimeoutMs = checkInvokeOptions(`compensation timeoutMs of step "${name}"`, compensationOptions);
            const compensation: Compensation<D> = {
              kind: 'invoke',
              command: compensate as CommandBuilder<D>,
              ...(compensationTimeoutMs === undefined ? {} : { timeoutMs: compensationTimeoutMs }),
            };
            return steps(options, policy, add(action, compensation));
          },
        };
      };
      return invokeStep();
    },
    local(run: LocalAction<D>): LocalStepBuilder<D> {
      checkFunction(`step "${name}" local`, run);
      const action: StepAction<D> = { kind: 'local', run };
      return {
        ...steps(options, policy, add(action)),
        withCompensation: (compensate) => {
          checkFunction(`step "${name}" compensation`, compensate);
          return steps(options, policy, add(action, { kind: 'local', run: compensate }));
        },
      };
    },
  };
}

function build<D>(options: SagaOptions, policy: CompensationPolicy, declared: readonly StepDefinition<D>[]): SagaDefinition<D> {
  if (declared.length === 0) throw new TypeError(`Invalid saga "${options.name}": expected at least one step`);
  return Object.freeze({
    name: options.name,
    replyTopic: options.replyTopic,
    steps: Object.freeze([...declared]),
    ...(options.stepTimeoutMs === undefined ? {} : { stepTimeoutMs: options.stepTimeoutMs }),
    compensation: policy,
  });
}

function compensationPolicy(options: SagaOptions): CompensationPolicy {
  const given = options.compensation ?? {};
  const defaults = DEFAULT_COMPENSATION_POLICY;
  // Field by field (a spread would let an undefined field override its default); the cap follows a base above it, as in @platform/kafka.
  const baseMs = given.backoff?.baseMs ?? defaults.backoff.baseMs;
  const policy: CompensationPolicy = {
    maxAttempts: given.maxAttempts ?? defaults.maxAttempts,
    timeoutMs: given.timeoutMs ?? defaults.timeoutMs,
    backoff: { baseMs, maxMs: given.backoff?.maxMs ?? Math.max(defaults.backoff.maxMs, baseMs) },
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`Invalid compensation.maxAttempts, expected an integer >= 1 received ${policy.maxAttempts}`);
  }
  checkMs('compensation.timeoutMs', policy.timeoutMs);
  checkMs('compensation.backoff.baseMs', policy.backoff.baseMs, 0);
  checkMs('compensation.backoff.maxMs', policy.backoff.maxMs, policy.backoff.baseMs);
  return Object.freeze(policy);
}

/** `what` names the option in the error: a step's timeout or its compensation's. */
function checkInvokeOptions(what: string, options: InvokeOptions, hint = ''): number | undefined {
  if (options.timeoutMs !== undefined) checkMs(what, options.timeoutMs, 1, hint);
  return options.timeoutMs;
}

/** 100 years. Longer puts a deadline past what a Date holds (say, MAX_SAFE_INTEGER meant as "forever"): every save would throw. */
const MAX_MS = 3_155_760_000_000;
const WAITS_FOREVER_WHEN_UNSET = '; leave it unset to wait forever';

function checkMs(what: string, value: number, min = 1, hint = ''): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`Invalid ${what}, expected an integer >= ${min} (ms) received ${value}`);
  if (value > MAX_MS) throw new RangeError(`Invalid ${what}, expected at most ${MAX_MS} (ms, 100 years${hint}) received ${value}`);
}

function checkFunction(what: string, value: unknown): void {
  if (typeof value !== 'function') throw new TypeError(`Invalid ${what}, expected a function received ${typeof value}`);
}
