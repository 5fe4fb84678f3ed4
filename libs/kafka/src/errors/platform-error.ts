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

/**
 * The message of anything thrown, as text; never throws in turn. Failure paths call it outside any
 * try (retry and dead-letter headers, saga reasons), where an object without a prototype, a
 * throwing getter or toString, or an Error whose message is not a string must not fail them too.
 * A thrown plain object reads as its JSON.
 */
export function errorMessage(error: unknown): string {
  return describeSafely(() => {
    if (error instanceof Error) {
      const message: unknown = error.message;
      return typeof message === 'string' ? message : String(message);
    }
    const text = describeSafely(() => String(error), '[object Object]');
    if (text !== '[object Object]') return text;
    return describeSafely(() => JSON.stringify(error), text);
  }, '(a thrown value that cannot be described)');
}

/** What `read` returns when it returns text, else `fallback`, also when it throws. */
export function describeSafely(read: () => string, fallback: string): string {
  try {
    const text = read();
    return typeof text === 'string' ? text : fallback;
  } catch {
    return fallback;
  }
}
