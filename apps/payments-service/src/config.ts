import type { OpenDatabaseOptions } from '@platform/database';
import {
  serviceConfigFromEnv,
  type BaseServiceConfig,
  type KafkaTransportOptions,
} from '@platform/kafka-nest';
import { defaultSchemaOf, readDatabaseConfig } from '@platform/outbox-nest';

export { ServiceConfigError as ConfigError } from '@platform/kafka-nest';

/** Consumer group, catalog owner and part of this service's retry and dead-letter topic names. */
export const SERVICE_NAME = 'payments';
export const DEFAULT_PORT = 3003;

/** The schema this service owns, so services can share one Postgres database (DATABASE_SCHEMA overrides it). */
export const DEFAULT_DATABASE_SCHEMA = defaultSchemaOf(SERVICE_NAME);

export interface ServiceConfig extends BaseServiceConfig {
  /** The outbox and inbox database: Postgres (DATABASE_URL) or embedded PGlite (PGLITE_DATA_DIR), in the schema DATABASE_SCHEMA. */
  database: OpenDatabaseOptions;
}

/**
 * A killed instance's partitions move to a live one after 10 s (the default is 30 s), well inside
 * the place-order saga's 30 s step timeout, so a crash delays sagas instead of failing them.
 */
const CONSUMER: KafkaTransportOptions = {
  session: { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000 },
};

/**
 * Reads PORT (default DEFAULT_PORT), the Kafka settings of kafkaConfigFromEnv, DATABASE_URL or
 * PGLITE_DATA_DIR and DATABASE_SCHEMA; throws ConfigError listing every problem.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return serviceConfigFromEnv({
    service: SERVICE_NAME,
    defaultPort: DEFAULT_PORT,
    consumer: CONSUMER,
    env,
    extras: { database: readDatabaseConfig },
  });
}
