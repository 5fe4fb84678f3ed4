export { resolveKafkaBroker, type ResolvedBroker, type BrokerSource } from './kafka-broker';
export {
  resolvePostgres,
  createTestDatabase,
  endSession,
  endSessions,
  listeningSessions,
  LOCAL_POSTGRES_URL,
  type ResolvedPostgres,
  type TestDatabase,
} from './postgres';
export { testBrokers, testKafka, testLogLevel } from './kafka-test-client';
export { startOwnKafkaBroker, type OwnKafkaBroker } from './own-kafka-broker';
export { isDockerAvailable } from './docker';
export { uniqueName } from './unique-name';
export { createTopicsAndWait } from '@platform/kafka';
export {
  DATABASE_DRIVERS,
  openTestDatabase,
  freshPgliteDir,
  type OpenTestDatabase,
} from './test-database';
export { waitFor } from './wait-for';
