import {
  checkSchemaName,
  chooseDriver,
  type Migration,
  type OpenDatabaseOptions,
} from '@platform/database';
import type { TopicCatalog } from '@platform/kafka';
import type { OutboxRelayOptions } from '@platform/outbox';
import { isNoFolder } from './database-config';

export interface OutboxModuleOptions {
  /** The service: its inbox records events under this consumer group. */
  service: string;
  /**
   * Where the outbox lives: Postgres (`url`) or PGlite in a folder (`dataDir`), and the service's
   * `schema`; see openDatabase. Never in memory: use databaseConfigFromEnv.
   */
  database: OpenDatabaseOptions;
  /** Every topic the service may write to the outbox (its serviceCatalog). */
  catalog: TopicCatalog;
  /** The service's own tables, migrated after the outbox's and before anyone queries. */
  migrations?: readonly { namespace: string; migrations: Migration[] }[];
  /** Relay tuning (poll interval, batch size…); the database and producer come from the module. */
  relay?: Omit<OutboxRelayOptions, 'db' | 'producer'>;
}

/**
 * Refuses, when the app module is declared, options that would otherwise fail only once Nest
 * creates the providers (a bad URL or schema), at the first event (a blank service, which the
 * inbox refuses at every delivery until the event is dead-lettered) or never: a database with
 * neither url nor dataDir opens in memory, and the outbox and inbox are lost at the next restart.
 * Every problem at once, each with its fix.
 */
export function checkOutboxModuleOptions(options: OutboxModuleOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `Invalid OutboxModule.forRoot options: expected { service, database, catalog }, received ${String(options)}`,
    );
  }
  const { service, database, catalog } = options;
  const problems: string[] = [];
  const named = typeof service === 'string' && service.trim() !== '';
  const example = named ? service : 'billing';
  if (!named) {
    problems.push(
      `service is ${JSON.stringify(service)}: expected the service's name, which its inbox records events under, e.g. service: SERVICE_NAME ('billing')`,
    );
  }
  if (typeof database !== 'object' || database === null) {
    problems.push(
      `database is missing: expected where the outbox lives, e.g. database: databaseConfigFromEnv('${example}')`,
    );
  } else {
    problems.push(...databaseProblems(database, example));
  }
  if (!catalog) {
    problems.push(
      'catalog is missing: expected the topics the service writes to its outbox, e.g. catalog: serviceCatalog',
    );
  }
  if (problems.length > 0) {
    throw new TypeError(
      `Invalid OutboxModule.forRoot options:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

function databaseProblems(database: OpenDatabaseOptions, service: string): string[] {
  const { url, dataDir } = database;
  if (url === undefined && dataDir === undefined) {
    return [
      `database has neither url nor dataDir: that opens DATABASE_URL when it is set and an in-memory database otherwise, whose outbox and inbox are lost at every restart. Pass database: databaseConfigFromEnv('${service}') (it reads DATABASE_URL or PGLITE_DATA_DIR and refuses neither), or { url } for Postgres, { dataDir } for PGlite in a folder`,
    ];
  }
  if (typeof url === 'string' && url.trim() === '' && dataDir === undefined) {
    return [
      `database.url is blank (a DATABASE_URL set to nothing?): expected a Postgres URL, e.g. postgres://postgres@127.0.0.1:5432/postgres, or database: databaseConfigFromEnv('${service}')`,
    ];
  }
  if (typeof dataDir === 'string' && isNoFolder(dataDir)) {
    return [
      `database.dataDir is ${JSON.stringify(dataDir)}: PGlite keeps it in memory, so the outbox and inbox would not survive a restart; expected a folder, e.g. dataDir: './data'`,
    ];
  }
  // What openDatabase checks before connecting, so it fails here instead of at start-up.
  try {
    chooseDriver(database);
    checkSchemaName(database.schema);
    return [];
  } catch (error) {
    return [`database: ${(error as Error).message}`];
  }
}
