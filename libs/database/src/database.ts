/** One result row: column name → value (int8 and numeric arrive as strings on both drivers, as `pg` gives them). */
export type Row = Record<string, unknown>;

export interface QueryResult<R extends Row = Row> {
  rows: R[];
  /** Rows the statement returned or changed (INSERT/UPDATE/DELETE count). */
  rowCount: number;
}

/** Anything SQL can be sent to: the database itself (autocommit) or an open transaction. */
export interface Queryable {
  /** `$1`, `$2`… placeholders. Pass JSON as a string and cast it (`$1::jsonb`): drivers encode objects differently. */
  query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of one or more statements, without parameters (migrations). */
  exec(script: string): Promise<void>;
}

/** The handle `transaction` gives its callback; every statement on it belongs to that transaction. */
export type Transaction = Queryable;

export type DatabaseDriver = 'postgres' | 'pglite';

/** Stops a LISTEN subscription. */
export type Unlisten = () => Promise<void>;

/**
 * The house database: Postgres through `pg` or embedded PGlite, the same SQL on both.
 * Inside `transaction(fn)` use only `tx`: on PGlite, the database is one connection and a
 * statement sent to `db` from inside its own transaction could never run (it is refused with
 * NestedTransactionError instead of hanging).
 */
export interface Database extends Queryable {
  readonly driver: DatabaseDriver;
  /**
   * True when transactions run one at a time (PGlite: one connection). Code that holds a
   * transaction open while waiting on something else (a broker) must not do so here: it would
   * stall every writer.
   */
  readonly serialTransactions: boolean;
  /** BEGIN, `work(tx)`, COMMIT; ROLLBACK (and rethrow) if `work` throws. Resolves with what `work` returned. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel. Notifications are hints, not a queue: they are lost while nobody listens
   * or while the connection is being re-established, so every listener needs a fallback (polling).
   * A callback that throws is reported on console.warn and ignored; the other callbacks still run.
   */
  listen(channel: string, onNotification: (payload: string) => void): Promise<Unlisten>;
  /** NOTIFY outside a transaction (inside one, run `SELECT pg_notify($1, $2)` on `tx`; it is sent at COMMIT). */
  notify(channel: string, payload?: string): Promise<void>;
  /**
   * Waits for running statements, then releases connections (Postgres) or closes the files (PGlite).
   * Safe to call twice. Called inside one of this database's transaction callbacks it would wait for
   * that transaction forever: PGlite rejects it with CloseInTransactionError and stays open;
   * Postgres warns on console.warn when close() has waited 5 s for running transactions.
   */
  close(): Promise<void>;
}
