export { OutboxModule } from './outbox.module';
export { type OutboxModuleOptions } from './outbox-module-options';
export { Inbox } from './inbox';
export { DATABASE, OUTBOX } from './tokens';
export { outboxMigrationsDir } from './migrations-dir';
export {
  databaseConfigFromEnv,
  DatabaseConfigError,
  defaultSchemaOf,
  readDatabaseConfig,
} from './database-config';
