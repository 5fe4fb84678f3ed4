import { join } from 'node:path';
import {
  type Database,
  loadMigrations,
  migrate,
  type MigrateResult,
  type Migration,
} from '@platform/database';

/** The SQL files shipped with this library (outbox and inbox tables). */
export const OUTBOX_MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

export const OUTBOX_MIGRATION_NAMESPACE = 'outbox';

export function outboxMigrations(): Migration[] {
  return loadMigrations(OUTBOX_MIGRATIONS_DIR);
}

/** Creates or upgrades the outbox and inbox tables; idempotent and safe for processes starting together. */
export function migrateOutbox(db: Database): Promise<MigrateResult> {
  return migrate(db, { namespace: OUTBOX_MIGRATION_NAMESPACE, migrations: outboxMigrations() });
}
