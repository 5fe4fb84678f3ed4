/** What a relay reports, for logs, metrics and tests. Listeners must not throw. */
export type RelayEvent =
  /** The broker acknowledged these rows (before they were marked: a crash now republishes them). */
  | { type: 'published'; ids: string[]; durationMs: number }
  /** A publish failed with a retriable error (broker down, timeout): the batch's `pending` rows not acknowledged stay; retried after the delay. */
  | { type: 'publish-failed'; error: unknown; pending: number; retryInMs: number }
  /** A row can never be published (its topic left the catalog, or the broker refuses its size; its payload is not checked again): set aside with failed_at. */
  | { type: 'poisoned'; id: string; topic: string; error: unknown }
  /** A database statement failed (connection lost, …): retried after the delay. */
  | { type: 'database-failed'; error: unknown; retryInMs: number }
  | { type: 'cleaned'; deleted: number }
  /** LISTEN could not be set up: the relay still polls every pollIntervalMs, and tries LISTEN again with backoff. */
  | { type: 'listen-failed'; error: unknown };
