import { join } from 'node:path';
import { type Database, loadMigrations, type Migration, migrate, type Queryable, type Transaction } from '@platform/database';
import { RetriableError } from '@platform/kafka';
import type { SagaHistoryEntry, SagaInstance, SagaState, WaitingFor } from '../engine/saga-instance';

/** The saga tables' migrations (namespace `saga`); `migrateSagaTables(db)` applies them. */
export function sagaMigrations(): Migration[] {
  return loadMigrations(join(__dirname, 'migrations'));
}

export const SAGA_MIGRATION_NAMESPACE = 'saga';

export async function migrateSagaTables(db: Database): Promise<void> {
  await migrate(db, { namespace: SAGA_MIGRATION_NAMESPACE, migrations: sagaMigrations() });
}

/**
 * Someone saved the saga since it was read. Cannot happen while every writer locks the row first
 * (they all do); if it ever does, the transaction rolls back and the message is retried.
 */
export class SagaConcurrencyError extends RetriableError {
  constructor(
    readonly sagaId: string,
    readonly expectedVersion: number,
  ) {
    super(`Saga ${sagaId} was changed by someone else (expected version ${expectedVersion}); retrying`);
  }
}

interface InstanceRow extends Record<string, unknown> {
  id: string;
  saga_type: string;
  state: SagaState;
  current_step: number;
  compensating: boolean;
  data: unknown;
  version: number;
  attempt: number;
  compensation_attempts: number;
  waiting_for: WaitingFor | null;
  deadline: Date | null;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

interface HistoryRow extends Record<string, unknown> {
  step: number;
  step_name: string;
  direction: 'forward' | 'compensation';
  event: SagaHistoryEntry['event'];
  attempt: number | null;
  reason: string | null;
  at: Date;
}

const COLUMNS =
  'id, saga_type, state, current_step, compensating, data, version, attempt, compensation_attempts, waiting_for, deadline, failure_reason, created_at, updated_at';

export interface ListSagasQuery {
  state?: SagaState;
  type?: string;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** SQL for saga instances and their step history; every statement runs on the caller's transaction. */
export const sagaStore = {
  /** Inserts a new instance; false when one with this id exists already (a start repeated with the same id). */
  async insert(tx: Transaction, instance: SagaInstance): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO saga_instances (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11::timestamptz, $12, $13::timestamptz, $14::timestamptz)
       ON CONFLICT (id) DO NOTHING`,
      [
        instance.id,
        instance.type,
        instance.state,
        instance.currentStep,
        instance.compensating,
        JSON.stringify(instance.data),
        instance.version + 1,
        instance.attempt,
        instance.compensationAttempts,
        instance.waitingFor,
        iso(instance.deadline),
        instance.failureReason,
        iso(instance.createdAt),
        iso(instance.updatedAt),
      ],
    );
    return rowCount === 1;
  },

  /** Reads and row-locks one instance until the transaction ends: the single-writer guarantee. */
  async lock(tx: Transaction, id: string): Promise<SagaInstance | undefined> {
    const { rows } = await tx.query<InstanceRow>(`SELECT ${COLUMNS} FROM saga_instances WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toInstance(rows[0]) : undefined;
  },

  /** Locks up to `limit` instances of these types whose deadline passed, skipping those another worker holds. */
  async lockDue(tx: Transaction, due: { now: Date; limit: number; types: readonly string[] }): Promise<SagaInstance[]> {
    const { rows } = await tx.query<InstanceRow>(
      `SELECT ${COLUMNS} FROM saga_instances
       WHERE deadline <= $1::timestamptz AND saga_type = ANY($3::text[])
       ORDER BY deadline
       LIMIT $2
       FOR UPDATE SKIP LOCKED`,
      [iso(due.now), due.limit, due.types],
    );
    return rows.map(toInstance);
  },

  /**
   * Saves a transition and its history in one statement (one round trip fewer per message);
   * throws SagaConcurrencyError unless the row still has `instance.version`.
   */
  async save(tx: Transaction, instance: SagaInstance, history: readonly SagaHistoryEntry[]): Promise<void> {
    const values: unknown[] = [
      instance.id,
      instance.version,
      instance.state,
      instance.currentStep,
      instance.compensating,
      JSON.stringify(instance.data),
      instance.attempt,
      instance.compensationAttempts,
      instance.waitingFor,
      iso(instance.deadline),
      instance.failureReason,
      iso(instance.updatedAt),
    ];
    const update = `UPDATE saga_instances SET
         state = $3, current_step = $4, compensating = $5, data = $6::jsonb, version = version + 1, attempt = $7,
         compensation_attempts = $8, waiting_for = $9, deadline = $10::timestamptz, failure_reason = $11, updated_at = $12::timestamptz
       WHERE id = $1 AND version = $2`;
    if (history.length === 0) {
      const { rowCount } = await tx.query(update, values);
      if (rowCount !== 1) throw new SagaConcurrencyError(instance.id, instance.version);
      return;
    }
    const rows = history.map((entry) => {
      const base = values.length;
      values.push(entry.step, entry.stepName, entry.direction, entry.event, entry.attempt, entry.reason, iso(entry.at));
      return `($${base + 1}::int, $${base + 2}::text, $${base + 3}::text, $${base + 4}::text, $${base + 5}::int, $${base + 6}::text, $${base + 7}::timestamptz, ${base})`;
    });
    // The history rows are inserted only if the UPDATE matched: no row back means someone else saved first.
    const { rowCount } = await tx.query(
      `WITH updated AS (${update} RETURNING id)
       INSERT INTO saga_step_history (saga_id, step, step_name, direction, event, attempt, reason, at)
       SELECT updated.id, h.step, h.step_name, h.direction, h.event, h.attempt, h.reason, h.at
       FROM updated, (VALUES ${rows.join(', ')}) AS h (step, step_name, direction, event, attempt, reason, at, position)
       ORDER BY h.position`,
      values,
    );
    if (rowCount !== history.length) throw new SagaConcurrencyError(instance.id, instance.version);
  },

  async find(db: Queryable, id: string): Promise<SagaInstance | undefined> {
    const { rows } = await db.query<InstanceRow>(`SELECT ${COLUMNS} FROM saga_instances WHERE id = $1`, [id]);
    return rows[0] ? toInstance(rows[0]) : undefined;
  },

  async history(db: Queryable, id: string): Promise<SagaHistoryEntry[]> {
    const { rows } = await db.query<HistoryRow>(
      'SELECT step, step_name, direction, event, attempt, reason, at FROM saga_step_history WHERE saga_id = $1 ORDER BY id',
      [id],
    );
    return rows.map((row) => ({
      step: row.step,
      stepName: row.step_name,
      direction: row.direction,
      event: row.event,
      attempt: row.attempt,
      reason: row.reason,
      at: row.at,
    }));
  },

  /** Newest first. */
  async list(db: Queryable, query: ListSagasQuery = {}): Promise<SagaInstance[]> {
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError(`Invalid limit, expected an integer from 1 to 1000 received ${limit}`);
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.state !== undefined) conditions.push(`state = $${params.push(query.state)}`);
    if (query.type !== undefined) conditions.push(`saga_type = $${params.push(query.type)}`);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await db.query<InstanceRow>(
      `SELECT ${COLUMNS} FROM saga_instances ${where} ORDER BY created_at DESC, id LIMIT $${params.push(limit)}`,
      params,
    );
    return rows.map(toInstance);
  },

  /** Instances per saga type and state (the gauges behind the metrics). */
  async countByState(db: Queryable): Promise<{ type: string; state: SagaState; count: number }[]> {
    const { rows } = await db.query<{ saga_type: string; state: SagaState; count: string }>(
      'SELECT saga_type, state, count(*) AS count FROM saga_instances GROUP BY saga_type, state ORDER BY saga_type, state',
    );
    return rows.map((row) => ({ type: row.saga_type, state: row.state, count: Number(row.count) }));
  },
};

function toInstance(row: InstanceRow): SagaInstance {
  return {
    id: row.id,
    type: row.saga_type,
    state: row.state,
    currentStep: row.current_step,
    compensating: row.compensating,
    data: row.data,
    version: row.version,
    attempt: row.attempt,
    compensationAttempts: row.compensation_attempts,
    waitingFor: row.waiting_for,
    deadline: row.deadline,
    failureReason: row.failure_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
