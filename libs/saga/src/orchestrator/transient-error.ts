/**
 * SQLSTATEs that say "run the transaction again": nothing is wrong with the work, only with its
 * timing. serialization_failure and deadlock_detected; lock_not_available (a lock_timeout or
 * NOWAIT met a lock another transaction held) and query_canceled (a statement_timeout fired under
 * load, or an operator cancelled the query). A local step that met lock_timeout used to fail the
 * saga and compensate an order that was fine.
 */
const RETRY_THE_TRANSACTION = new Set(['40001', '40P01', '55P03', '57014']);

/**
 * A database error that says "run the transaction again" (Postgres and PGlite set its SQLSTATE as
 * `code`): a local step that meets one must not fail the saga, whose order or payment is fine.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && RETRY_THE_TRANSACTION.has(code);
}
