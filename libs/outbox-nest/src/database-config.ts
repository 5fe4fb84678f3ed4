import { checkSchemaName, type OpenDatabaseOptions } from '@platform/database';
import { collectProblems, type ConfigReaderContext } from '@platform/kafka-nest';

/** Every problem of the database settings, so one restart fixes them all. */
export class DatabaseConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid database configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DatabaseConfigError';
  }
}

/** A service's default schema: its name, hyphens as underscores (`order-history` → `order_history`). */
export function defaultSchemaOf(service: string): string {
  return service.replace(/-/g, '_');
}

/**
 * A service's durable database from the environment: DATABASE_URL (Postgres) or PGLITE_DATA_DIR
 * (embedded PGlite in a folder), exactly one, never an in-memory database (the outbox must survive
 * restarts); its tables in DATABASE_SCHEMA (default: the service's name). Throws
 * DatabaseConfigError listing every problem; messages never repeat the URL (it may hold a password).
 */
export function databaseConfigFromEnv(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): OpenDatabaseOptions {
  const problems: string[] = [];
  const url = env.DATABASE_URL?.trim();
  const dataDir = env.PGLITE_DATA_DIR?.trim();
  const fallback = defaultSchemaOf(service);
  const schema = env.DATABASE_SCHEMA?.trim() || fallback;
  try {
    checkSchemaName(schema);
  } catch {
    problems.push(
      `DATABASE_SCHEMA is "${schema}": expected lowercase letters, digits and underscores, e.g. DATABASE_SCHEMA=${fallback}`,
    );
  }
  if (url && dataDir) {
    problems.push(
      'DATABASE_URL and PGLITE_DATA_DIR are both set: expected one of them (Postgres or the embedded database)',
    );
  } else if (url && !/^postgres(ql)?:\/\//.test(url)) {
    problems.push(
      `DATABASE_URL is not a postgres:// URL, e.g. postgres://user@db:5432/${fallback}`,
    );
  } else if (!url && !dataDir) {
    problems.push(
      'DATABASE_URL is not set: expected a Postgres URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (or PGLITE_DATA_DIR=./data for an embedded database)',
    );
  } else if (dataDir && isNoFolder(dataDir)) {
    problems.push(
      `PGLITE_DATA_DIR is "${dataDir}": expected a folder, e.g. PGLITE_DATA_DIR=./data (PGlite keeps a memory:// or browser database nowhere on disk, so the outbox would not survive a restart)`,
    );
  }
  if (problems.length > 0) throw new DatabaseConfigError(problems);
  return url ? { url, schema } : { dataDir, schema };
}

/** PGlite reads `<scheme>://` other than file:// as memory or a browser store, not as a folder. */
export function isNoFolder(dataDir: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(dataDir) && !dataDir.startsWith('file://');
}

/**
 * databaseConfigFromEnv as one of serviceConfigFromEnv's `extras`
 * (`extras: { database: readDatabaseConfig }`): its problems join the service's list.
 */
export function readDatabaseConfig({
  service,
  env,
  problems,
}: ConfigReaderContext): OpenDatabaseOptions {
  return collectProblems(
    problems,
    DatabaseConfigError,
    () => databaseConfigFromEnv(service, env),
    {},
  );
}
