export { defineMigrations, checksumOf, type Migration } from './migration';
export { loadMigrations } from './load-migrations';
export { bundledMigrationsDir } from './bundled-migrations';
export { migrate, MIGRATIONS_TABLE, type MigrateOptions, type MigrateResult } from './migrate';
export { MigrationChecksumError, MigrationOrderError } from './migration-errors';
