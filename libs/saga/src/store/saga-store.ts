import { join } from 'node:path';
import { type Database, loadMigrations, type Migration, migrate, type Queryable, type Transaction } from '@platform/database';
import { type EventContext, type EventEnvelope, RetriableError } from '@platform/kafka';
import { INBOX_TABLE } from '@platform/outbox';
import { claimParams } from './inbox-claims';
import type { SagaHistoryEntry, SagaInstance, SagaState, WaitingFor } from '../engine/saga-instance';

/** The SQL files shipped with this library (saga tables). */
export const SAGA_MIGRATIONS_DIR = join(__dirname, 'migrations');

/** The saga tables' migrations (namespace `saga`); `migrateSagaTables(db)` applies them. */
export function sagaMigrations(): Migration[] {
  return loadMigrations(SAGA_MIGRATIONS_DIR);
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

/** New instances as rows, from instanceColumns' 14 arrays ($1…$14): insertMany and insertStarted share it. */
const INSTANCE_ROWS = `SELECT id, saga_type, state, current_step, compensating, data::jsonb, version, attempt, compensation_attempts, waiting_for, deadline, failure_reason, created_at, updated_at
  FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bool[], $6::text[], $7::int[], $8::int[], $9::int[], $10::text[], $11::timestamptz[], $12::text[], $13::timestamptz[], $14::timestamptz[])
    AS v (id, saga_type, state, current_step, compensating, data, version, attempt, compensation_attempts, waiting_for, deadline, failure_reason, created_at, updated_at)`;

/** INSTANCE_ROWS' parameters. The stored version is one more than the instance's: what saveMany would leave. */
function instanceColumns(instances: readonly SagaInstance[]): unknown[][] {
  const column = <T>(pick: (instance: SagaInstance) => T): T[] => instances.map(pick);
  return [
    column((i) => i.id),
    column((i) => i.type),
    column((i) => i.state),
    column((i) => i.currentStep),
    column((i) => i.compensating),
    column((i) => JSON.stringify(i.data)),
    column((i) => i.version + 1),
    column((i) => i.attempt),
    column((i) => i.compensationAttempts),
    column((i) => i.waitingFor),
    column((i) => iso(i.deadline)),
    column((i) => i.failureReason),
    column((i) => iso(i.createdAt)),
    column((i) => iso(i.updatedAt)),
  ];
}

export interface ListSagasQuery {
  state?: SagaState;
  type?: string;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** SQL for saga instances and their step history; every statement runs on the caller's transaction. */
export const sagaStore = {
  /** Inserts new instances; resolves with the ids that were new (a start repeated with the same id inserts nothing). */
  async insertMany(tx: Transaction, instances: readonly SagaInstance[]): Promise<Set<string>> {
    if (instances.length === 0) return new Set();
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO saga_instances (${COLUMNS})
       ${INSTANCE_ROWS}
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      instanceColumns(instances),
    );
    return new Set(rows.map((row) => row.id));
  },

  /**
   * Inserts instances that already ran their first steps, with their history, in one statement:
   * a saga started under a freshly generated id needs no "created" row to update right after.
   * Throws on an id that exists (only insertMany's ids may repeat).
   */
  async insertStarted(tx: Transaction, changes: readonly { instance: SagaInstance; history: readonly SagaHistoryEntry[] }[]): Promise<void> {
    if (changes.length === 0) return;
    const instances = changes.map((change) => change.instance);
    const history = historyColumns(changes, 15);
    await tx.query(
      `WITH inserted AS (
         INSERT INTO saga_instances (${COLUMNS})
         ${INSTANCE_ROWS}
         RETURNING id
       )
       ${history.insert('(SELECT id FROM inserted)')}`,
      [...instanceColumns(instances), ...history.params],
    );
  },

  /** Reads and row-locks one instance until the transaction ends: the single-writer guarantee. */
  async lock(tx: Transaction, id: string): Promise<SagaInstance | undefined> {
    const { rows } = await tx.query<InstanceRow>(`SELECT ${COLUMNS} FROM saga_instances WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toInstance(rows[0]) : undefined;
  },

  /**
   * The reply path's first statement: claims the events in the inbox (as claimEvents does) and
   * reads and row-locks the sagas, in id order so that two transactions never deadlock on them, in
   * one round trip. Resolves with the event ids this transaction claimed and the locked instances.
   */
  async claimAndLock(
    tx: Transaction,
    { group, events, sagaIds }: { group: string; events: readonly { event: EventEnvelope; context: EventContext }[]; sagaIds: readonly string[] },
  ): Promise<{ claimed: Set<string>; instances: Map<string, SagaInstance> }> {
    if (events.length === 0) return { claimed: new Set(), instances: new Map() };
    const { rows } = await tx.query<InstanceRow & { claimed: string[] | null; id: string | null }>(
      `WITH claimed AS (
         INSERT INTO ${INBOX_TABLE} (consumer_group, event_id, topic, kafka_partition, kafka_offset)
         SELECT $1, e.event_id, e.topic, e.kafka_partition, e.kafka_offset
         FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) AS e (event_id, topic, kafka_partition, kafka_offset)
         ON CONFLICT (consumer_group, event_id) DO NOTHING
         RETURNING event_id
       ), locked AS (
         SELECT ${COLUMNS} FROM saga_instances WHERE id = ANY($6::text[]) ORDER BY id FOR UPDATE
       )
       -- The claimed ids only on the first row: repeated on every locked row, the client would parse them once per saga.
       SELECT l.*, CASE WHEN row_number() OVER () = 1 THEN c.claimed END AS claimed
       FROM (SELECT array_agg(event_id) AS claimed FROM claimed) AS c LEFT JOIN locked AS l ON true`,
      [...claimParams(group, events), [...new Set(sagaIds)]],
    );
    const claimed = new Set(rows[0]?.claimed ?? []);
    const instances = new Map<string, SagaInstance>();
    for (const row of rows) if (row.id !== null) instances.set(row.id, toInstance(row as InstanceRow));
    return { claimed, instances };
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
   * Moves the deadline of a locked saga that could not be fired to `deadline`, so the next rounds
   * take the sagas due before it first (the poller locks the earliest deadlines).
   */
  async postponeDeadline(tx: Transaction, id: string, deadline: Date): Promise<void> {
    await tx.query('UPDATE saga_instances SET deadline = $2::timestamptz, version = version + 1 WHERE id = $1', [id, iso(deadline)]);
  },

  /**
   * Saves transitions and their history in one statement; throws SagaConcurrencyError unless every
   * row still has the version its transition was computed from (optimistic lock).
   */
  async saveMany(tx: Transaction, changes: readonly { instance: SagaInstance; history: readonly SagaHistoryEntry[] }[]): Promise<void> {
    if (changes.length === 0) return;
    const instances = changes.map((change) => change.instance);
    const column = <T>(pick: (instance: SagaInstance) => T): T[] => instances.map(pick);
    const history = historyColumns(changes, 13);
    const { rows } = await tx.query<{ updated: string }>(
      `WITH v AS (
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::bool[], $6::text[], $7::int[], $8::int[], $9::text[], $10::timestamptz[], $11::text[], $12::timestamptz[])
           AS v (id, version, state, current_step, compensating, data, attempt, compensation_attempts, waiting_for, deadline, failure_reason, updated_at)
       ), updated AS (
         UPDATE saga_instances AS s SET
           state = v.state, current_step = v.current_step, compensating = v.compensating, data = v.data::jsonb, version = s.version + 1,
           attempt = v.attempt, compensation_attempts = v.compensation_attempts, waiting_for = v.waiting_for, deadline = v.deadline,
           failure_reason = v.failure_reason, updated_at = v.updated_at
         FROM v WHERE s.id = v.id AND s.version = v.version
         RETURNING s.id
       ), history AS (
         -- Only for rows the UPDATE matched: a transition that lost the race leaves no history.
         ${history.insert('(SELECT id FROM updated)')}
       )
       SELECT count(*) AS updated FROM updated`,
      [
        column((i) => i.id),
        column((i) => i.version),
        column((i) => i.state),
        column((i) => i.currentStep),
        column((i) => i.compensating),
        column((i) => JSON.stringify(i.data)),
        column((i) => i.attempt),
        column((i) => i.compensationAttempts),
        column((i) => i.waitingFor),
        column((i) => iso(i.deadline)),
        column((i) => i.failureReason),
        column((i) => iso(i.updatedAt)),
        ...history.params,
      ],
    );
    if (Number(rows[0].updated) !== changes.length) {
      const first = instances[0];
      throw new SagaConcurrencyError(changes.length === 1 ? first.id : `${first.id} (or another of ${changes.length})`, first.version);
    }
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

/**
 * The history entries of `changes` as 8 array parameters numbered from `first`, and the INSERT
 * that writes them (in the order given) for the saga ids `savedIds` selects.
 */
function historyColumns(changes: readonly { instance: SagaInstance; history: readonly SagaHistoryEntry[] }[], first: number) {
  const history = changes.flatMap(({ instance, history: entries }) => entries.map((entry) => ({ sagaId: instance.id, ...entry })));
  const entries = <T>(pick: (entry: (typeof history)[number]) => T): T[] => history.map(pick);
  const p = (offset: number, type: string): string => `$${first + offset}::${type}[]`;
  return {
    params: [
      entries((e) => e.sagaId),
      entries((e) => e.step),
      entries((e) => e.stepName),
      entries((e) => e.direction),
      entries((e) => e.event),
      entries((e) => e.attempt),
      entries((e) => e.reason),
      entries((e) => iso(e.at)),
    ],
    insert: (savedIds: string) => `INSERT INTO saga_step_history (saga_id, step, step_name, direction, event, attempt, reason, at)
         SELECT h.saga_id, h.step, h.step_name, h.direction, h.event, h.attempt, h.reason, h.at
         FROM unnest(${p(0, 'text')}, ${p(1, 'int')}, ${p(2, 'text')}, ${p(3, 'text')}, ${p(4, 'text')}, ${p(5, 'int')}, ${p(6, 'text')}, ${p(7, 'timestamptz')}) WITH ORDINALITY
           AS h (saga_id, step, step_name, direction, event, attempt, reason, at, position)
         WHERE h.saga_id IN ${savedIds}
         ORDER BY h.position`,
  };
}

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

/**
 * `date.toISOString()`, remembered for the last millisecond asked: a group commit's sagas and
 * their history entries mostly share one clock reading, and formatting it each time cost the
 * orchestrator ~15 µs a saga in a profile. An invalid Date (NaN never equals) still throws.
 */
function iso(date: Date | null): string | null {
  if (date === null) return null;
  const ms = date.getTime();
  if (ms !== lastIsoMs) {
    lastIso = date.toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}
let lastIsoMs = Number.NaN;
let lastIso = '';
