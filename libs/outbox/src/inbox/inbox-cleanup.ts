import type { Queryable } from '@platform/database';
import { mayHaveExpired } from '../relay/retention';
import { INBOX_TABLE } from '../schema/tables';

const SLICE = 5_000;

const DELETE_EXPIRED = `
DELETE FROM ${INBOX_TABLE} WHERE ctid IN (
  SELECT ctid FROM ${INBOX_TABLE}
  WHERE processed_at < now() - $1 * interval '1 millisecond'
  LIMIT $2
)`;

/**
 * Forgets events processed more than `retentionMs` ago. Keep it longer than anything that can
 * redeliver them: the topics' retention (a replay from the beginning) and the outbox's retention.
 */
export async function cleanupInbox(db: Queryable, retentionMs: number): Promise<number> {
  if (!mayHaveExpired(retentionMs)) return 0;
  let deleted = 0;
  for (;;) {
    const { rowCount } = await db.query(DELETE_EXPIRED, [retentionMs, SLICE]);
    deleted += rowCount;
    if (rowCount < SLICE) return deleted;
  }
}
