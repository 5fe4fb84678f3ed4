import type { Queryable } from '@platform/database';
import { DELETE_EXPIRED } from './relay-sql';
import { mayHaveExpired } from './retention';

const SLICE = 5_000;

/** Deletes rows published more than `retentionMs` ago, a slice per statement; returns how many. */
export async function deletePublishedOutboxRows(
  db: Queryable,
  retentionMs: number,
): Promise<number> {
  if (!mayHaveExpired(retentionMs)) return 0;
  let deleted = 0;
  for (;;) {
    const { rowCount } = await db.query(DELETE_EXPIRED, [retentionMs, SLICE]);
    deleted += rowCount;
    if (rowCount < SLICE) return deleted;
  }
}
