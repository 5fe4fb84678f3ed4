import { AGGREGATE_LOCK, OUTBOX_TABLE } from '../schema/tables';

/**
 * One row, one statement. The CTE first takes a transaction-scoped advisory lock on the
 * aggregate, THEN the row (and its seq) is produced: a second transaction writing the same
 * aggregate waits until the first commits, so seq order is commit order within an aggregate.
 * Without it, a transaction holding seq 10 could commit after seq 11 was published. An id the
 * outbox already holds inserts nothing (rowCount 0) instead of aborting the caller's transaction.
 */
export const INSERT_ONE = `
WITH aggregate_lock AS (SELECT pg_advisory_xact_lock(hashtext('${AGGREGATE_LOCK}'), hashtext($3)))
INSERT INTO ${OUTBOX_TABLE} (id, aggregatetype, aggregateid, type, topic, payload, headers)
SELECT $1::uuid, $2, $3, $4, $4, $5::jsonb, $6::jsonb FROM aggregate_lock
ON CONFLICT (id) DO NOTHING`;

/** Locks every aggregate of a multi-row add, in one global order (by hash) so two adds cannot deadlock. */
export const LOCK_AGGREGATES = `
SELECT pg_advisory_xact_lock(hashtext('${AGGREGATE_LOCK}'), key)
FROM (SELECT DISTINCT hashtext(aggregate_id) AS key FROM unnest($1::text[]) AS aggregate_id) AS keys
ORDER BY key`;

const insertMany = (where: string): string => `
INSERT INTO ${OUTBOX_TABLE} (id, aggregatetype, aggregateid, type, topic, payload, headers)
SELECT id, aggregate_type, aggregate_id, topic, topic, payload::jsonb, headers::jsonb
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
  WITH ORDINALITY AS event(id, aggregate_type, aggregate_id, topic, payload, headers, position)
${where}ORDER BY position`;

/** Rows in input order (WITH ORDINALITY), so seq follows the order the caller gave; ids the outbox generated. */
export const INSERT_MANY = insertMany('');

/**
 * The same for events with ids of the caller's, all or none: when the outbox already holds one of
 * them, nothing is inserted (rowCount 0) and the caller's transaction goes on, where a unique
 * violation would have aborted it. Generated ids (random UUIDs) skip this probe.
 */
export const INSERT_MANY_GIVEN_IDS = insertMany(
  `WHERE NOT EXISTS (SELECT 1 FROM ${OUTBOX_TABLE} WHERE id = ANY($1::uuid[]))\n`,
);

/** Which of these ids the outbox holds (only asked after an insert found one). */
export const SELECT_EXISTING_IDS = `SELECT id FROM ${OUTBOX_TABLE} WHERE id = ANY($1::uuid[])`;
