/** Postgres's serialization_failure and deadlock_detected: nothing is wrong with the work, only with its timing. */
const RETRY_THE_TRANSACTION = new Set(['40001', '40P01']);

/**
 * A database error that says "run the transaction again" (Postgres and PGlite set its SQLSTATE as
 * `code`): a local step that meets one must not fail the saga, whose order or payment is fine.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && RETRY_THE_TRANSACTION.has(code);
}
