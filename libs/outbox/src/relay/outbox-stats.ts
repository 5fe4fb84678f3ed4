import type { Queryable } from '@platform/database';
import { OUTBOX_STATS } from './relay-sql';

export interface OutboxStats {
  /** Rows waiting to be published. */
  backlog: number;
  /** How long the oldest of them has waited, in ms; null when there is none. */
  oldestUnpublishedAgeMs: number | null;
  /** Rows set aside as unpublishable (failed_at set). */
  failed: number;
}

/** Reads the outbox's state from the database: any process can call it (a health check, a dashboard). */
export async function outboxStats(db: Queryable): Promise<OutboxStats> {
  const { rows } = await db.query<{
    backlog: number;
    oldest_age_ms: number | null;
    failed: number;
  }>(OUTBOX_STATS);
  const [row] = rows;
  return {
    backlog: row.backlog,
    oldestUnpublishedAgeMs:
      row.oldest_age_ms === null ? null : Math.max(0, Math.round(row.oldest_age_ms)),
    failed: row.failed,
  };
}
