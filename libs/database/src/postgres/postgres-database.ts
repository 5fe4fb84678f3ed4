import { Pool, type PoolClient, type QueryConfig } from 'pg';
import type { Database, QueryResult, Row, Transaction, Unlisten } from '../database';
import {
  DatabaseClosedError,
  PoolExhaustedError,
  TransactionEndedError,
  TransactionRolledBackError,
} from '../errors';
import { NotificationListener } from './notification-listener';
import { TCP_KEEPALIVE } from './tcp-keepalive';

export interface PostgresOptions {
  url: string;
  /** Connections in the pool. Default 10 (pg's default). */
  poolSize?: number;
  /**
   * How long a statement or transaction waits for a pooled connection before it fails with
   * PoolExhaustedError (or pg's connection timeout while a new connection is being opened), and
   * how long the LISTEN connection takes at most to connect. Default 30 s; pg's own default waits
   * forever, which turns a nested db call (or a server that never answers) into a hang.
   */
  acquireTimeoutMs?: number;
  /** Where a lost LISTEN connection is reported; it is re-established by itself. */
  onListenError?: (error: unknown) => void;
  /** Every pooled connection starts with this schema first on its search_path (see openDatabase). */
  schema?: string;
}

/** Postgres through a `pg` Pool: each transaction takes a connection of its own, so they really overlap. */
/** How long close() waits for running transactions before it says so. */
export const CLOSE_WAIT_WARNING_MS = 5_000;

export class PostgresDatabase implements Database {
  readonly driver = 'postgres' as const;
  readonly serialTransactions = false;
  private readonly pool: Pool;
  private readonly poolSize: number;
  private readonly acquireTimeoutMs: number;
  private readonly listener: NotificationListener;
  /** Transactions begun and not yet ended, for close()'s warning. */
  private runningTransactions = 0;
  private closing: Promise<void> | undefined;

  /** Connects, and creates `schema` when it is missing. */
  static async open(options: PostgresOptions): Promise<PostgresDatabase> {
    const db = new PostgresDatabase(options);
    if (options.schema !== undefined) {
      try {
        await createSchema(db, options.schema);
      } catch (error) {
        await db.close();
        throw error;
      }
    }
    return db;
  }

  constructor(options: PostgresOptions) {
    this.poolSize = options.poolSize ?? 10;
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? 30_000;
    this.pool = new Pool({
      ...withSearchPath(options.url, options.schema),
      max: this.poolSize,
      connectionTimeoutMillis: this.acquireTimeoutMs,
      // A transaction's connection idles while its caller waits (on a broker): kept in the NAT's table.
      ...TCP_KEEPALIVE,
    });
    // When the server ends a session (restart, failover, pg_terminate_backend) while no statement
    // runs on it, pg emits 'error' on its client. The pool listens while the client is idle and
    // re-emits here; between checkout and release nothing listens (pg removes the pool's listener,
    // and a new connection can fail in the same tick it is handed out), and an 'error' without a
    // listener crashes the process. So every connection gets a listener of its own at birth: its
    // next statement fails instead, and the pool drops a connection that is no longer queryable
    // when it is released.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.listener = new NotificationListener(
      options.url,
      options.onListenError,
      this.acquireTimeoutMs,
    );
  }

  async query<R extends Row = Row>(
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>> {
    this.assertOpen();
    const result = await this.pool
      .query<R>(statement(text, params))
      .catch((error: unknown) => this.rethrowTimeout(error));
    return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
  }

  async exec(script: string): Promise<void> {
    this.assertOpen();
    // No parameters = the simple query protocol, which accepts several statements.
    await this.pool.query(script).catch((error: unknown) => this.rethrowTimeout(error));
  }

  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    const client = await this.begin();
    const tx = clientQueryable(client);
    let broken: Error | undefined;
    this.runningTransactions++;
    try {
      const result = await work(tx);
      // Ended before COMMIT (and ROLLBACK) is sent: a statement a leftover branch sends meanwhile
      // would queue behind it on this connection and run outside the transaction.
      tx.end();
      const commit = await client.query('COMMIT');
      if (commit.command === 'ROLLBACK') throw new TransactionRolledBackError();
      return result;
    } catch (error) {
      tx.end();
      // A failed ROLLBACK means the connection is gone: destroy it rather than pool it.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      this.runningTransactions--;
      client.release(broken);
    }
  }

  /**
   * A pooled connection with a transaction begun. Right after a restart or failover the idle
   * pooled connections are dead, and the pool may learn so only when one is used: its first
   * statement fails. A failed BEGIN has done nothing, so the next connection is tried, until one
   * is new (more attempts than the pool holds); a server that is down fails pool.connect itself.
   * A transaction that failed after BEGIN is never run again here: its work may have had effects
   * outside the database.
   */
  private async begin(): Promise<PoolClient> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool
        .connect()
        .catch((error: unknown) => this.rethrowTimeout(error));
      try {
        await client.query('BEGIN');
        return client;
      } catch (error) {
        client.release(error as Error);
        if (attempt > this.poolSize) throw error;
      }
    }
  }

  /**
   * pg-pool fails a wait for a connection with "timeout exceeded when trying to connect", whether
   * every connection was busy or a new one was slow to open. The first is a bug in the caller
   * more often than load, so it gets an error that says what to look for.
   */
  private rethrowTimeout(error: unknown): never {
    const exhausted =
      error instanceof Error &&
      error.message === 'timeout exceeded when trying to connect' &&
      this.pool.totalCount >= this.poolSize &&
      this.pool.idleCount === 0;
    throw exhausted ? new PoolExhaustedError(this.poolSize, this.acquireTimeoutMs) : error;
  }

  async listen(channel: string, onNotification: (payload: string) => void): Promise<Unlisten> {
    this.assertOpen();
    return this.listener.listen(channel, onNotification);
  }

  async notify(channel: string, payload = ''): Promise<void> {
    await this.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  /**
   * Waits for running transactions (the pool ends once every connection is back), then ends the
   * pool. Called inside one of this database's transaction callbacks and awaited there, it waits
   * for itself forever. Postgres cannot tell that call apart from one elsewhere without tracking
   * every transaction's async context (AsyncLocalStorage, which on Node 20 slows every promise of
   * the process), so it warns instead when the wait gets long.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const warning = setTimeout(() => this.warnSlowClose(), CLOSE_WAIT_WARNING_MS);
      warning.unref();
      try {
        await this.listener.close();
        await this.pool.end();
      } finally {
        clearTimeout(warning);
      }
    })();
    return this.closing;
  }

  private warnSlowClose(): void {
    if (this.runningTransactions === 0) return;
    console.warn(
      `[database] close() has waited ${CLOSE_WAIT_WARNING_MS} ms for ${this.runningTransactions} running transaction(s) to end. ` +
        'Called and awaited inside one of them, it waits forever: close after the transaction callback returns.',
    );
  }

  private assertOpen(): void {
    if (this.closing) throw new DatabaseClosedError(this.driver);
  }
}

/**
 * One statement, always sent with the extended protocol. Without parameters pg would use the simple
 * protocol, which runs every statement of a script (committed, outside a transaction) and then
 * answers with an array that `query` cannot read. PGlite refuses such a script before running it,
 * and so does Postgres this way ("cannot insert multiple commands into a prepared statement").
 */
function statement(text: string, params?: readonly unknown[]): QueryConfig {
  const config: QueryConfig & { queryMode: 'extended' } = {
    text,
    values: params as unknown[] | undefined,
    queryMode: 'extended', // in pg since 8.10; missing from @types/pg
  };
  return config;
}

/**
 * A transaction's handle on its pooled connection, until `end()`. Work that outlives the callback
 * (an un-awaited branch, a timer) may still hold `tx`; once the connection is back in the pool
 * its statements would run in autocommit or inside another caller's transaction, so they are
 * refused, as PGlite refuses them.
 */
function clientQueryable(client: PoolClient): Transaction & { end(): void } {
  let ended = false;
  const connection = (): PoolClient => {
    if (ended) throw new TransactionEndedError();
    return client;
  };
  return {
    async query<R extends Row = Row>(
      text: string,
      params?: readonly unknown[],
    ): Promise<QueryResult<R>> {
      const result = await connection().query<R>(statement(text, params));
      return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(script: string): Promise<void> {
      await connection().query(script);
    },
    end: () => {
      ended = true;
    },
  };
}

/**
 * The schema goes first on the search_path as a connection startup parameter, so every pooled
 * connection has it before its first query. pg lets an `options` parameter of the URL replace the
 * `options` given beside it: a DATABASE_URL with `?options=-c statement_timeout=5000` silently put
 * every table in `public`. So when the URL has options, the search_path is added to them there.
 */
function withSearchPath(
  url: string,
  schema: string | undefined,
): { connectionString: string; options?: string } {
  if (schema === undefined) return { connectionString: url };
  const searchPath = `-c search_path=${schema}`;
  const queryStart = url.indexOf('?');
  const params = new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1));
  const fromUrl = params.get('options');
  if (fromUrl === null) return { connectionString: url, options: searchPath };
  params.set('options', `${fromUrl} ${searchPath}`);
  return { connectionString: `${url.slice(0, queryStart)}?${params.toString()}` };
}

/**
 * CREATE SCHEMA IF NOT EXISTS still fails with a unique violation when two processes create the
 * same schema at the same moment; the loser finds it created, which is all it wanted.
 */
async function createSchema(db: PostgresDatabase, schema: string): Promise<void> {
  try {
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
  }
}
