import type { Database, DatabaseDriver } from './database';

export interface OpenDatabaseOptions {
  /** A Postgres connection string; wins over everything else. */
  url?: string;
  /** A folder for an embedded PGlite database (created if missing). Chooses PGlite even when DATABASE_URL is set. */
  dataDir?: string;
  /**
   * Force a driver: 'pglite' without dataDir = in memory; 'postgres' needs url or DATABASE_URL, and
   * refuses a dataDir.
   */
  driver?: DatabaseDriver;
  /** Postgres pool size; default 10. */
  poolSize?: number;
  /** Postgres: how long to wait for a free pooled connection before PoolExhaustedError; default 30 s. */
  acquireTimeoutMs?: number;
  /** Environment to read DATABASE_URL from; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Postgres only: a lost LISTEN connection (it reconnects by itself). */
  onListenError?: (error: unknown) => void;
  /**
   * A schema of its own (created if missing, then first on the search_path), so services sharing
   * one Postgres database each own their tables: unqualified SQL and migrations land there.
   * Lowercase letters, digits and underscores, e.g. `orders`. Default: the server's search_path.
   */
  schema?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Refuses a schema name that would need quoting (or could inject SQL) before anything connects. */
export function checkSchemaName(schema: string | undefined): void {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new TypeError(
      `Invalid schema ${JSON.stringify(schema)}: expected lowercase letters, digits and underscores, starting with a letter or underscore, at most 63 characters, e.g. "orders" or "order_history".`,
    );
  }
}

export type DriverChoice =
  | { driver: 'postgres'; url: string }
  | { driver: 'pglite'; dataDir?: string };

/**
 * url → Postgres; dataDir → PGlite; DATABASE_URL set → Postgres; otherwise embedded PGlite in
 * memory, so a demo needs no server. Explicit options win over the environment.
 */
export function chooseDriver(options: OpenDatabaseOptions = {}): DriverChoice {
  const { url, dataDir, driver } = options;
  if (url !== undefined && dataDir !== undefined) {
    throw new TypeError(
      'Invalid database options: pass url (Postgres) or dataDir (PGlite), not both.',
    );
  }
  // `{ url: process.env.DATABASE_URL }` with `DATABASE_URL=`: pg would read a blank string as
  // "localhost, default database", and '' got the message of a driver nobody forced.
  if (url !== undefined && url.trim() === '') {
    throw new TypeError(
      'Invalid database options: url is empty. Pass a Postgres URL, e.g. postgres://postgres@127.0.0.1:5432/postgres, or leave url out (DATABASE_URL, else PGlite).',
    );
  }
  if (driver !== undefined && driver !== 'postgres' && driver !== 'pglite') {
    throw new TypeError(
      `Invalid driver, expected "postgres" or "pglite" received ${JSON.stringify(driver)}`,
    );
  }
  // Postgres has no use for a folder: it was ignored, and the data went to DATABASE_URL's server.
  if (driver === 'postgres' && dataDir !== undefined) {
    throw new TypeError(
      'Invalid database options: driver "postgres" cannot take a dataDir (a PGlite folder). Leave out dataDir to use Postgres (url or DATABASE_URL), or driver to use PGlite in dataDir.',
    );
  }
  const fromEnv = (options.env ?? process.env).DATABASE_URL?.trim();
  if (url !== undefined || driver === 'postgres') {
    if (driver === 'pglite')
      throw new TypeError('Invalid database options: driver "pglite" cannot take a url.');
    const chosen = url ?? fromEnv;
    if (!chosen)
      throw new TypeError(
        'Invalid database options: driver "postgres" needs url or DATABASE_URL, received neither.',
      );
    return {
      driver: 'postgres',
      url: checkPostgresUrl(chosen, url !== undefined ? 'url' : 'DATABASE_URL'),
    };
  }
  if (dataDir !== undefined || driver === 'pglite') return { driver: 'pglite', dataDir };
  return fromEnv
    ? { driver: 'postgres', url: checkPostgresUrl(fromEnv, 'DATABASE_URL') }
    : { driver: 'pglite' };
}

const POSTGRES_URL_SCHEME = /^(postgres|postgresql|socket):/i;

/**
 * pg takes any string and reads it as a URL relative to `postgres://base`: a typo, a libpq
 * "host=… user=…" string or another scheme fails only at the first query, and then as "getaddrinfo
 * ENOTFOUND base" or "no PostgreSQL user name specified". Refused here instead, naming the option.
 * A leading "/" is a socket folder, which pg reads as such.
 */
function checkPostgresUrl(url: string, from: 'url' | 'DATABASE_URL'): string {
  if (url.startsWith('/')) return url;
  // `postgres://user@/db?host=/socket` has no host: pg parses it with a stand-in, so does this.
  if (POSTGRES_URL_SCHEME.test(url) && URL.canParse(url.replace('@/', '@localhost/'))) return url;
  throw new TypeError(
    `Invalid ${from} ${JSON.stringify(withoutPassword(url))}: expected postgres://user[:password]@host[:port]/database, e.g. postgres://postgres@127.0.0.1:5432/postgres.`,
  );
}

/** The URL as an error message may show it: everything between "user:" and the last "@" is hidden. */
function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:@/]*):.*@/, '//$1:***@');
}

/** Opens the database chosen by chooseDriver. PGlite is loaded only when it is the one chosen. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const choice = chooseDriver(options);
  checkSchemaName(options.schema);
  if (choice.driver === 'postgres') {
    const { PostgresDatabase } = await import('./postgres/postgres-database');
    return PostgresDatabase.open({
      url: choice.url,
      poolSize: options.poolSize,
      acquireTimeoutMs: options.acquireTimeoutMs,
      onListenError: options.onListenError,
      schema: options.schema,
    });
  }
  const { PgliteDatabase } = await import('./pglite/pglite-database');
  return PgliteDatabase.open({ dataDir: choice.dataDir, schema: options.schema });
}
