import type { Transaction } from '@platform/database';
import type { BackoffOptions } from '@platform/kafka';
import type { SagaCommand } from './command';
import type { SagaFailure } from './outcome';

/** What a local step (or local compensation) is given: it runs in the orchestrator's own transaction. */
export interface LocalStepContext<D> {
  readonly sagaId: string;
  readonly data: Readonly<D>;
  /** The transaction that also saves the saga's new state: its writes commit with it, or not at all. */
  readonly tx: Transaction;
  /** Why the saga compensates (the failed step's reason); set while compensations run, e.g. to record why an order was rejected. */
  readonly failureReason?: string;
}

/**
 * Returns nothing (data unchanged), the saga's new data, or `failure(reason)`. A failure or a
 * thrown error rolls the step's writes back (a savepoint) and counts as the step failing.
 */
export type LocalAction<D> = (context: LocalStepContext<D>) => Promise<D | void | SagaFailure> | D | void | SagaFailure;

/** Builds the command from the saga's data. */
export type CommandBuilder<D, P = unknown, R = unknown> = (data: Readonly<D>) => SagaCommand<P, R>;

/** Folds a participant's success reply into the saga's data; returns the new data, or nothing (data unchanged). */
export type ReplyHandler<D, R> = (data: Readonly<D>, reply: R) => D | void;

export interface InvokeOptions {
  /** No reply within this long = the step failed. Default: the saga's `stepTimeoutMs` (none if unset). */
  timeoutMs?: number;
}

export type StepAction<D> =
  | { readonly kind: 'local'; readonly run: LocalAction<D> }
  | {
      readonly kind: 'invoke';
      readonly command: CommandBuilder<D>;
      readonly timeoutMs?: number;
      readonly onReply?: ReplyHandler<D, unknown>;
    };

export type Compensation<D> =
  | { readonly kind: 'local'; readonly run: LocalAction<D> }
  | { readonly kind: 'invoke'; readonly command: CommandBuilder<D>; readonly timeoutMs?: number };

export interface StepDefinition<D> {
  readonly index: number;
  readonly name: string;
  readonly action: StepAction<D>;
  readonly compensation?: Compensation<D>;
}

export interface CompensationPolicy {
  /** Tries of one compensation before the saga is parked as `needs-attention`. */
  readonly maxAttempts: number;
  /** Wait between tries (full jitter, see @platform/kafka's backoffDelay). */
  readonly backoff: BackoffOptions;
  /** No reply to a compensation command within this long = a failed try. */
  readonly timeoutMs: number;
}

export interface SagaDefinition<D = unknown> {
  /** Also the saga type stored with every instance. */
  readonly name: string;
  /** A `<domain>.<entity>.replies` topic the orchestrator consumes; participants reply there. */
  readonly replyTopic: string;
  readonly steps: readonly StepDefinition<D>[];
  readonly stepTimeoutMs?: number;
  readonly compensation: CompensationPolicy;
}

export const DEFAULT_COMPENSATION_POLICY: CompensationPolicy = {
  maxAttempts: 5,
  backoff: { baseMs: 1_000, maxMs: 60_000 },
  timeoutMs: 30_000,
};

/** Any saga, whatever its data (a registry holds sagas of different data types; D is invariant). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place the data type is erased on purpose
export type AnySagaDefinition = SagaDefinition<any>;
