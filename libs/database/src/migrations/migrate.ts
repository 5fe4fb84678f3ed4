import type { Database } from '../database';
import type { Migration } from './migration';
import { MigrationChecksumError, MigrationOrderError } from './migration-errors';

export interface MigrateOptions {
  /** Which library's migrations these are, e.g. `outbox`; names only need to be unique within it. */
  namespace: string;
  migrations: readonly Migration[];
}

export interface MigrateResult {
  applied: string[];
  /** Already applied earlier. */
  skipped: string[];
  /** Recorded in the database but unknown to this code (a newer version migrated it). */
  unknown: string[];
}

export const MIGRATIONS_TABLE = 'platform_migrations';

/**
 * Applies the pending migrations of one namespace, in order, in ONE transaction: all or nothing.
 * The transaction first takes a Postgres advisory lock, so two processes starting at once apply
 * each migration once: the second waits, then finds everything recorded. (On PGlite transactions
 * are serial anyway.) Migrations must therefore be transactional SQL (no CREATE INDEX CONCURRENTLY).
 * Pending migrations that come before one already recorded are refused (MigrationOrderError).
 */
export async function migrate(
  db: Database,
  { namespace, migrations }: MigrateOptions,
): Promise<MigrateResult> {
  if (!namespace || !/^[a-z][a-z0-9-]*$/.test(namespace)) {
    throw new TypeError(
      `Invalid migration namespace, expected lower-case letters, digits and "-" received ${JSON.stringify(namespace)}`,
    );
  }
  return db.transaction(async (tx) => {
    // Before anything else, even CREATE TABLE IF NOT EXISTS: two of those racing can fail on pg_type.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('${MIGRATIONS_TABLE}'))`);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
         namespace text NOT NULL,
         name text NOT NULL,
         checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (namespace, name)
       )`,
    );
    const { rows } = await tx.query<{ name: string; checksum: string }>(
      `SELECT name, checksum FROM ${MIGRATIONS_TABLE} WHERE namespace = $1`,
      [namespace],
    );
    const recorded = new Map(rows.map((row) => [row.name, row.checksum]));
    refuseOutOfOrder(namespace, migrations, [...recorded.keys()]);
    const result: MigrateResult = { applied: [], skipped: [], unknown: [] };
    for (const migration of migrations) {
      const checksum = recorded.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum)
          throw new MigrationChecksumError(namespace, migration.name);
        result.skipped.push(migration.name);
        continue;
      }
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO ${MIGRATIONS_TABLE} (namespace, name, checksum) VALUES ($1, $2, $3)`,
        [namespace, migration.name, migration.checksum],
      );
      result.applied.push(migration.name);
    }
    const known = new Set(migrations.map((migration) => migration.name));
    result.unknown = [...recorded.keys()].filter((name) => !known.has(name)).sort();
    return result;
  });
}

/**
 * Migrations run in name order. One that is still pending while a later one is recorded (a branch
 * merged after that one was deployed, or a newer version of the code migrated this database) would
 * run after changes it was never written against: refused before anything is applied, rather than
 * applied silently. Known or not, every recorded migration counts.
 */
function refuseOutOfOrder(
  namespace: string,
  migrations: readonly Migration[],
  recorded: readonly string[],
): void {
  const newest = recorded.reduce<string | undefined>(
    (latest, name) => (latest === undefined || name > latest ? name : latest),
    undefined,
  );
  if (newest === undefined) return;
  const recordedNames = new Set(recorded);
  const early = migrations
    .map((migration) => migration.name)
    .filter((name) => !recordedNames.has(name) && name < newest);
  if (early.length > 0) throw new MigrationOrderError(namespace, early, newest);
}
