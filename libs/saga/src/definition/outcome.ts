const FAILURE = Symbol.for('@platform/saga.failure');

/** A participant (or local step) did what it was asked; `payload` travels back in the reply. */
export interface SagaSuccess<R = unknown> {
  readonly outcome: 'success';
  readonly payload: R;
}

/** A participant (or local step) refused, as data: the saga compensates what was done before. */
export interface SagaFailure {
  readonly outcome: 'failure';
  /** Short and stable, e.g. `out-of-stock`: it ends up in the saga row, the history and metrics. */
  readonly reason: string;
  readonly details?: unknown;
}

export type SagaOutcome<R = unknown> = SagaSuccess<R> | SagaFailure;

export function success(): SagaSuccess<void>;
export function success<R>(payload: R): SagaSuccess<R>;
export function success<R>(payload?: R): SagaSuccess<R | undefined> {
  return { outcome: 'success', payload };
}

export function failure(reason: string, details?: unknown): SagaFailure {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new TypeError(`Invalid failure reason, expected a non-empty string received ${JSON.stringify(reason)}`);
  }
  const result: SagaFailure = details === undefined ? { outcome: 'failure', reason } : { outcome: 'failure', reason, details };
  // Branded (not enumerable, so it never reaches JSON): lets a local step return either its new data or a failure.
  Object.defineProperty(result, FAILURE, { value: true });
  return result;
}

export function isSagaFailure(value: unknown): value is SagaFailure {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[FAILURE] === true;
}
