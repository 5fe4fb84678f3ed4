import type { Queryable } from '@platform/database';
import { UUID_PATTERN } from '../outbox/checked-event';
import { OUTBOX_CHANNEL, OUTBOX_TABLE } from '../schema/tables';

/** A row the relay set aside as unpublishable (its `poisoned` event), as an operator needs to see it. */
export interface FailedOutboxRow {
  id: string;
  topic: string;
  aggregateId: string;
  createdAt: Date;
  failedAt: Date;
  lastError: string | null;
}

/**
 * Which failed rows to requeue: some ids, every row of a topic, or all of them. There is no
 * default: requeueing everything by accident republishes events an operator meant to keep aside.
 */
export type FailedRowSelection = { ids: readonly string[] } | { topic: string } | { all: true };

const MAX_LIST = 10_000;

/** Failed rows, the earliest failures first; `topic` narrows them to one topic. */
export async function listFailedOutboxRows(
  db: Queryable,
  options: { topic?: string; limit?: number } = {},
): Promise<FailedOutboxRow[]> {
  const limit = options.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST)
    throw new RangeError(
      `Invalid limit, expected a whole number from 1 to ${MAX_LIST} received ${String(limit)}`,
    );
  const { rows } = await db.query<{
    id: string;
    topic: string;
    aggregateid: string;
    created_at: Date;
    failed_at: Date;
    last_error: string | null;
  }>(
    `SELECT id, topic, aggregateid, created_at, failed_at, last_error FROM ${OUTBOX_TABLE}
     WHERE failed_at IS NOT NULL AND ($1::text IS NULL OR topic = $1)
     ORDER BY failed_at, seq LIMIT $2`,
    [options.topic ?? null, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    topic: row.topic,
    aggregateId: row.aggregateid,
    createdAt: row.created_at,
    failedAt: row.failed_at,
    lastError: row.last_error,
  }));
}

/**
 * Makes failed rows pending again (after the cause was fixed: the topic is back in the catalog, its
 * size limit raised) and wakes the relays; returns how many rows it requeued. Run it in the
 * caller's transaction or on the database.
 *
 * A requeued row keeps its place in its aggregate's order (its seq), so it goes out before the
 * aggregate's rows still pending, but AFTER the ones published while it was set aside: consumers
 * see it late, and must accept that (or the operator leaves it failed).
 */
export async function requeueFailedOutboxRows(
  db: Queryable,
  selection: FailedRowSelection,
): Promise<number> {
  const { where, params } = selectionFilter(selection);
  const { rowCount } = await db.query(
    `UPDATE ${OUTBOX_TABLE} SET failed_at = NULL, last_error = NULL
     WHERE failed_at IS NOT NULL AND ${where}`,
    params,
  );
  // The outbox trigger only fires on INSERT: without this, relays find the rows at their next poll.
  if (rowCount > 0) await db.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  return rowCount;
}

function selectionFilter(selection: FailedRowSelection): { where: string; params: unknown[] } {
  const given = (selection ?? {}) as { ids?: unknown; topic?: unknown; all?: unknown };
  const kinds = (['ids', 'topic', 'all'] as const).filter((kind) => given[kind] !== undefined);
  if (kinds.length !== 1)
    throw new TypeError(
      `Invalid selection of failed outbox rows: expected exactly one of { ids }, { topic } or { all: true }, received ${kinds.length === 0 ? 'none' : kinds.join(' and ')}`,
    );
  if (given.all !== undefined) {
    if (given.all !== true)
      throw new TypeError(
        `Invalid selection of failed outbox rows: all must be true, received ${JSON.stringify(given.all)}`,
      );
    return { where: 'true', params: [] };
  }
  if (given.topic !== undefined) {
    if (typeof given.topic !== 'string' || given.topic === '')
      throw new TypeError(
        'Invalid selection of failed outbox rows: topic must be a topic name, e.g. { topic: "orders.order.created" }',
      );
    return { where: 'topic = $1', params: [given.topic] };
  }
  const ids = given.ids;
  if (!Array.isArray(ids) || ids.length === 0)
    throw new TypeError(
      'Invalid selection of failed outbox rows: ids must be a non-empty array of event ids (uuids)',
    );
  const bad = ids.find((id) => typeof id !== 'string' || !UUID_PATTERN.test(id));
  if (bad !== undefined)
    throw new TypeError(
      `Invalid selection of failed outbox rows: ${JSON.stringify(bad)} is not an event id; expected a uuid such as "0b6f3c1e-8d2a-4f57-9a0e-3c5d7e9f1a2b"`,
    );
  return { where: 'id = ANY($1::uuid[])', params: [ids] };
}
