import { OUTBOX_TABLE, PARTITION_LOCK } from '../schema/tables';

const PENDING = 'published_at IS NULL AND failed_at IS NULL';

/**
 * The columns the relay reads. The payload comes as JSON text: outbox.add validated it, so the
 * relay sends it as stored rather than parsing and re-encoding ~1 KiB per row in Node. The
 * creation time comes as epoch milliseconds: pg's parser for timestamptz text (a regex and a
 * Date per row) cost the relay about 1.5 µs a row, 5% of its Node CPU. Whole milliseconds, as a
 * Date has them (the envelope's ce_time).
 */
const ROW_COLUMNS =
  'row.id, row.aggregateid, row.topic, row.payload::text AS payload, row.headers, ' +
  'floor(extract(epoch FROM row.created_at) * 1000)::float8 AS created_ms';

/**
 * The oldest pending rows of the partition `${partition}` in seq order, at most `${limit}`, read
 * straight from the (vpartition, seq) index: a batch costs the same with a backlog of a thousand
 * rows or a million (one "ORDER BY seq" over all of them would sort every pending row of the
 * partitions, every batch). SKIP LOCKED: rows another transaction has locked are not waited for.
 */
function oldestPending(partition: string, limit: string): string {
  return `
  SELECT id, aggregateid, topic, payload, headers, created_at
  FROM ${OUTBOX_TABLE}
  WHERE vpartition = ${partition} AND ${PENDING}
  ORDER BY seq
  LIMIT ${limit}
  FOR UPDATE SKIP LOCKED`;
}

/**
 * Postgres, one statement per batch: claims up to $2 virtual partitions that have pending rows,
 * trying them in the order of $1 (the caller shuffles it), and returns their oldest pending rows,
 * an equal share of $3 per claimed partition (so none is locked for nothing), partition after
 * partition in the claimed order.
 *
 * - The claim is a transaction-scoped try-lock: a partition another relay's transaction holds is
 *   skipped instead of waited for, and the lock ends with the transaction. CASE keeps the
 *   evaluation order: only partitions with work are locked. MATERIALIZED runs the claim once.
 * - "Has work" is a correlated scalar subquery on purpose: the planner may turn an EXISTS into a
 *   hashed subplan that reads EVERY pending row once per claim (it did on a fresh table: 50,000
 *   rows and 8,000 heap pages per claim during a drain). This shape can only run per partition,
 *   as one probe of the (vpartition, seq) index that stops at the first pending entry.
 * - The rows are read with the statement's snapshot, taken before the locks. A relay that
 *   published and marked some of them and committed in between is harmless: FOR UPDATE in READ
 *   COMMITTED re-checks each row's latest version, and a marked (or deleted) one no longer
 *   matches, so it is skipped. Rows committed after the snapshot are simply left for the next
 *   batch (no high-water mark).
 */
export const CLAIM_BATCH = `
WITH claimed AS MATERIALIZED (
  SELECT partition FROM unnest($1::int[]) AS partition
  WHERE CASE
    WHEN (SELECT seq FROM ${OUTBOX_TABLE} WHERE vpartition = partition AND ${PENDING} ORDER BY seq LIMIT 1) IS NOT NULL
    THEN pg_try_advisory_xact_lock(hashtext('${PARTITION_LOCK}'), partition)
    ELSE false
  END
  LIMIT $2
)
SELECT ${ROW_COLUMNS}
FROM claimed
CROSS JOIN LATERAL (${oldestPending('claimed.partition', '(SELECT ceil($3::float8 / count(*))::int FROM claimed)')}
) AS row
LIMIT $3`;

/**
 * PGlite (one process, nothing to claim from): the oldest pending rows of each partition in $1
 * (up to $2 per partition, $3 in all), partition after partition in the order given.
 */
export const SELECT_BATCH = `
SELECT ${ROW_COLUMNS}
FROM unnest($1::int[]) AS claimed(partition)
CROSS JOIN LATERAL (${oldestPending('claimed.partition', '$2')}
) AS row
LIMIT $3`;

export const MARK_PUBLISHED = `UPDATE ${OUTBOX_TABLE} SET published_at = now() WHERE id = ANY($1::uuid[])`;

export const DELETE_PUBLISHED = `DELETE FROM ${OUTBOX_TABLE} WHERE id = ANY($1::uuid[])`;

export const MARK_FAILED = `
UPDATE ${OUTBOX_TABLE} AS o SET failed_at = now(), last_error = f.error
FROM unnest($1::uuid[], $2::text[]) AS f(id, error)
WHERE o.id = f.id`;

/** A bounded slice per statement so a big clean-up never holds many locks or one long transaction. */
export const DELETE_EXPIRED = `
DELETE FROM ${OUTBOX_TABLE} WHERE id IN (
  SELECT id FROM ${OUTBOX_TABLE}
  WHERE published_at < now() - $1 * interval '1 millisecond'
  LIMIT $2
  FOR UPDATE SKIP LOCKED
)`;

export const OUTBOX_STATS = `
SELECT
  count(*)::float8 AS backlog,
  (extract(epoch FROM now() - min(created_at)) * 1000)::float8 AS oldest_age_ms,
  (SELECT count(*)::float8 FROM ${OUTBOX_TABLE} WHERE failed_at IS NOT NULL) AS failed
FROM ${OUTBOX_TABLE}
WHERE ${PENDING}`;
