import type { OpenDatabaseOptions } from '@platform/database';
import { MAX_TIMER_MS } from '@platform/kafka';
import {
  serviceConfigFromEnv,
  type BaseServiceConfig,
  type ConfigReaderContext,
  type KafkaTransportOptions,
} from '@platform/kafka-nest';
import { defaultSchemaOf, readDatabaseConfig } from '@platform/outbox-nest';

export { ServiceConfigError as ConfigError } from '@platform/kafka-nest';

/** Consumer group, catalog owner and part of this service's retry and dead-letter topic names. */
export const SERVICE_NAME = 'orders';
export const DEFAULT_PORT = 3001;

/** The schema this service owns, so services can share one Postgres database (DATABASE_SCHEMA overrides it). */
export const DEFAULT_DATABASE_SCHEMA = defaultSchemaOf(SERVICE_NAME);

export const DEFAULT_SAGA_STEP_TIMEOUT_MS = 30_000;

/**
 * About 24.8 days, the longest wait the platform's timers take (MAX_TIMER_MS of @platform/kafka).
 * Far larger, a step's deadline was no valid Date and every saga start failed with a 500.
 */
const MAX_SAGA_STEP_TIMEOUT_MS = MAX_TIMER_MS;

export interface ServiceConfig extends BaseServiceConfig {
  /** The outbox and inbox database: Postgres (DATABASE_URL) or embedded PGlite (PGLITE_DATA_DIR), in the schema DATABASE_SCHEMA. */
  database: OpenDatabaseOptions;
  /** How long a place-order step waits for its participant's reply (SAGA_STEP_TIMEOUT_MS); default 30 s. */
  sagaStepTimeoutMs?: number;
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
 * PGLITE_DATA_DIR, DATABASE_SCHEMA and SAGA_STEP_TIMEOUT_MS; throws ConfigError listing every problem.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return serviceConfigFromEnv({
    service: SERVICE_NAME,
    defaultPort: DEFAULT_PORT,
    consumer: CONSUMER,
    env,
    extras: { database: readDatabaseConfig, sagaStepTimeoutMs: readStepTimeout },
  });
}

function readStepTimeout({ env, problems }: ConfigReaderContext): number {
  const raw = env.SAGA_STEP_TIMEOUT_MS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SAGA_STEP_TIMEOUT_MS;
  const ms = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || ms < 1_000 || ms > MAX_SAGA_STEP_TIMEOUT_MS) {
    problems.push(
      `SAGA_STEP_TIMEOUT_MS is "${raw}": expected milliseconds, at least 1000 and at most ${MAX_SAGA_STEP_TIMEOUT_MS}, e.g. SAGA_STEP_TIMEOUT_MS=${DEFAULT_SAGA_STEP_TIMEOUT_MS}`,
    );
  }
  return ms;
}
