/**
 * The error taxonomy every retry decision reads. `retriable` is the only thing a retry policy
 * looks at: a handler throws a RetriableError (or any unknown error, which is treated as
 * retriable) to be tried again, a NonRetriableError to go straight to the dead-letter topic.
 */
export class PlatformError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable;
  }
}

/** Worth trying again: a timeout, a lock, a dependency briefly down. */
export class RetriableError extends PlatformError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { retriable: true, ...options });
  }
}

/** Trying again cannot help: bad data, a broken invariant, a rejected command. */
export class NonRetriableError extends PlatformError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { retriable: false, ...options });
  }
}

/** Every attempt failed; `cause` is the last attempt's error. */
export class RetriesExhaustedError extends NonRetriableError {
  constructor(
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`Gave up after ${attempts} attempt(s): ${errorMessage(cause)}`, { cause });
  }
}

/** True unless the error says it is not worth retrying. Unknown errors are retried. */
export function isRetriable(error: unknown): boolean {
  return !(error instanceof PlatformError) || error.retriable;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
