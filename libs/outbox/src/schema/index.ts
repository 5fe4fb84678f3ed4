export { OUTBOX_TABLE, INBOX_TABLE, OUTBOX_CHANNEL, VIRTUAL_PARTITIONS } from './tables';
export {
  migrateOutbox,
  outboxMigrations,
  OUTBOX_MIGRATIONS_DIR,
  OUTBOX_MIGRATION_NAMESPACE,
} from './migrations';
