import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { checkChannelName } from '../channel-name';
import type { Database, QueryResult, Row, Transaction, Unlisten } from '../database';
import { deliverNotification } from '../deliver-notification';
import {
  CloseInTransactionError,
  DatabaseClosedError,
  NestedTransactionError,
  TransactionEndedError,
  TransactionRolledBackError,
} from '../errors';
import { Mutex } from '../mutex';

export interface PgliteOptions {
  /** Folder for the database files; undefined = in memory, gone on close. */
  dataDir?: string;
  /** Created if missing and put first on the search_path of the one connection (see openDatabase). */
  schema?: string;
}

/**
 * pg hands int8 and numeric over as strings (they may not fit a JS number); PGlite is told to do the
 * same. pg gives bytea as a Buffer; PGlite's Uint8Array would turn `.toString()` into "104,105".
 */
const PG_COMPATIBLE_PARSERS = {
  [types.INT8]: (value: string) => value,
  [types.NUMERIC]: (value: string) => value,
  [types.BYTEA]: parseBytea,
  // PGlite reads a date as UTC midnight; pg gives local midnight (infinity and BC as PGlite does).
  [types.DATE]: (value: string) =>
    /^\d{4}-\d\d-\d\d$/.test(value)
      ? new Date(`${value}T00:00`)
      : types.parseType(value, types.DATE),
};

/**
 * pg sends a Date as local time with its offset, PGlite as UTC: in a zone other than UTC a Date
 * stored in a `timestamp` (or `date`) column held another wall-clock time, and read back as another
 * instant. The same local format here; a `timestamptz` gets the same instant either way.
 */
const PG_COMPATIBLE_SERIALIZERS = {
  [types.TIMESTAMP]: serializeDate,
  [types.TIMESTAMPTZ]: serializeDate,
  [types.DATE]: serializeDate,
};

/** A Date as pg writes it, e.g. 2024-06-01T14:00:00.000+02:00; anything else as PGlite does. */
function serializeDate(value: unknown): string {
  if (!(value instanceof Date)) return types.serializers[types.TIMESTAMPTZ](value) as string;
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const year = value.getFullYear();
  const bc = year < 1; // year 0 is 1 BC
  const offset = -value.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const day = `${pad(bc ? 1 - year : year, 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  const time = `${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}`;
  return `${day}T${time}.${pad(value.getMilliseconds(), 3)}${zone}${bc ? ' BC' : ''}`;
}

/** bytea as text, in either bytea_output format (PGlite's own parser reads only hex). */
function parseBytea(value: string): Buffer {
  if (value.startsWith('\\x')) return Buffer.from(value.slice(2), 'hex');
  // 'escape': "\\" is a backslash, "\ooo" an octal byte, any other character that byte.
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '\\') {
      bytes.push(value.charCodeAt(i));
    } else if (value[i + 1] === '\\') {
      bytes.push(0x5c);
      i += 1;
    } else {
      bytes.push(parseInt(value.slice(i + 1, i + 4), 8));
      i += 3;
    }
  }
  return Buffer.from(bytes);
}

/**
 * Embedded Postgres (WASM) for demos and tests without a server. It is ONE connection: every
 * statement and transaction goes through a FIFO mutex, so a transaction's statements never
 * interleave with anyone else's. A data directory belongs to one process at a time.
 */
export class PgliteDatabase implements Database {
  readonly driver = 'pglite' as const;
  readonly serialTransactions = true;
  private readonly mutex = new Mutex();
  /**
   * The transaction whose callback this code runs in: a statement sent to `db` from inside it would
   * wait forever. Work started there (a timer, a background task) inherits the store and may
   * outlive the transaction, so only a transaction still running counts.
   */
  private readonly inTransaction = new AsyncLocalStorage<{ running: boolean }>();
  private closing: Promise<void> | undefined;

  private constructor(private readonly pg: PGlite) {}

  static async open(options: PgliteOptions = {}): Promise<PgliteDatabase> {
    // PGlite creates the last folder only; a fresh `.data/<service>` needs its parents too.
    if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
    const pg = await PGlite.create(options.dataDir, {
      parsers: PG_COMPATIBLE_PARSERS,
      serializers: PG_COMPATIBLE_SERIALIZERS,
    });
    if (options.schema !== undefined) {
      // One connection: a session setting holds for every later statement.
      await pg.exec(
        `CREATE SCHEMA IF NOT EXISTS ${options.schema}; SET search_path TO ${options.schema}`,
      );
    }
    return new PgliteDatabase(pg);
  }

  query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return this.exclusive('query', () => runQuery<R>(this.pg, text, params));
  }

  exec(script: string): Promise<void> {
    return this.exclusive('query', async () => {
      await this.pg.exec(script);
    });
  }

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.exclusive('transaction', () =>
      this.pg
        .transaction(async (pgTx) => {
          // PGlite refuses a closed transaction with an error of its own; the same class as on Postgres.
          // Checked synchronously: no extra promise hop on every statement of every transaction.
          const transaction = { running: true };
          const ended = (): Promise<never> | undefined =>
            transaction.running ? undefined : Promise.reject(new TransactionEndedError());
          try {
            return await this.inTransaction.run(transaction, () =>
              work({
                query: <R extends Row = Row>(text: string, params?: readonly unknown[]) =>
                  ended() ?? runQuery<R>(pgTx, text, params),
                exec: async (script: string) => {
                  await ended();
                  await pgTx.exec(script);
                },
              }),
            );
          } finally {
            transaction.running = false;
          }
        })
        .catch((error: unknown) => {
          throw rolledBackAtCommit(error) ? new TransactionRolledBackError() : error;
        }),
    );
  }

  async listen(channel: string, onNotification: (payload: string) => void): Promise<Unlisten> {
    checkChannelName(channel);
    let listening = true;
    const unlisten = await this.exclusive('query', () =>
      this.pg.listen(channel, (payload) => {
        if (listening) deliverNotification(channel, onNotification, payload);
      }),
    );
    return async () => {
      // Delivery stops at once, as on Postgres. UNLISTEN needs the one connection: from inside a
      // transaction it is queued behind it (awaiting it there would wait forever), not refused.
      listening = false;
      const unlistened = this.inTransaction
        .exit(() => this.exclusive('query', () => unlisten()))
        .catch(() => undefined); // closed meanwhile: nothing listens any more
      if (!this.inTransaction.getStore()?.running) await unlistened;
    };
  }

  async notify(channel: string, payload = ''): Promise<void> {
    await this.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  close(): Promise<void> {
    // Queued behind everything already asked for, so running transactions finish first: from
    // inside one it would wait for itself. Refused before `closing` is set, so the database stays usable.
    if (this.inTransaction.getStore()?.running)
      return Promise.reject(new CloseInTransactionError());
    this.closing ??= this.mutex.run(() => this.pg.close());
    return this.closing;
  }

  private exclusive<T>(what: 'query' | 'transaction', work: () => Promise<T>): Promise<T> {
    if (this.inTransaction.getStore()?.running)
      return Promise.reject(new NestedTransactionError(what));
    if (this.closing) return Promise.reject(new DatabaseClosedError(this.driver));
    return this.mutex.run(async () => {
      // PGlite runs in this thread and resolves through microtasks only: back-to-back statements
      // would starve timers and sockets (a relay's broker acks) until the queue is empty. One
      // event-loop turn before each statement or transaction keeps the process responsive.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return work();
    });
  }
}

interface PgliteQueryable {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
}

async function runQuery<R extends Row>(
  target: PgliteQueryable,
  text: string,
  params?: readonly unknown[],
): Promise<QueryResult<R>> {
  const result = await target.query<R>(text, params ? [...params] : undefined);
  // PGlite reports affectedRows for writes only; pg's rowCount also counts SELECTed rows.
  return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
}

/** PGlite's own error for a COMMIT answered with ROLLBACK: the same as Postgres's driver gives. */
function rolledBackAtCommit(error: unknown): boolean {
  const { code, query } = (error ?? {}) as { code?: unknown; query?: unknown };
  return code === '25P02' && query === 'COMMIT';
}
