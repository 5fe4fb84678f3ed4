export type {
  Database,
  DatabaseDriver,
  Queryable,
  QueryResult,
  Row,
  Transaction,
  Unlisten,
} from './database';
export {
  openDatabase,
  chooseDriver,
  checkSchemaName,
  type OpenDatabaseOptions,
  type DriverChoice,
} from './open-database';
export { Mutex } from './mutex';
export { checkChannelName } from './channel-name';
export {
  CloseInTransactionError,
  NestedTransactionError,
  DatabaseClosedError,
  PoolExhaustedError,
  TransactionEndedError,
  TransactionRolledBackError,
} from './errors';
export * from './migrations';
