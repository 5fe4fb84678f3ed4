import type { OpenDatabaseOptions } from '@platform/database';
import {
  KafkaConfigError,
  kafkaConfigFromEnv,
  transportOptionsFromEnv,
  type KafkaConnectionOptions,
  type KafkaTransportOptions,
} from '@platform/kafka-nest';
import { DatabaseConfigError, databaseConfigFromEnv, defaultSchemaOf } from '@platform/outbox-nest';

/** Consumer group, catalog owner and part of this service's retry and dead-letter topic names. */
export const SERVICE_NAME = 'payments';
export const DEFAULT_PORT = 3003;

export interface ServiceConfig {
  port: number;
  kafka: KafkaConnectionOptions;
  /** The outbox and inbox database: Postgres (DATABASE_URL) or embedded PGlite (PGLITE_DATA_DIR), in the schema DATABASE_SCHEMA. */
  database: OpenDatabaseOptions;
  /** Retry, commit and session settings of the @EventPattern consumer; the defaults otherwise. */
  consumer?: KafkaTransportOptions;
}

/**
 * A killed instance's partitions move to a live one after 10 s (the default is 30 s), well inside
 * the place-order saga's 30 s step timeout, so a crash delays sagas instead of failing them.
 */
const CONSUMER: KafkaTransportOptions = {
  session: { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000 },
};

/** Every problem found in the environment, so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration for payments-service:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Reads PORT (default DEFAULT_PORT), DATABASE_URL or PGLITE_DATA_DIR, DATABASE_SCHEMA and the Kafka settings of kafkaConfigFromEnv. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const problems: string[] = [];
  const port = parsePort(env.PORT, problems);
  const kafka = parseKafka(env, problems);
  const consumer = { ...CONSUMER, ...parseConsumer(env, problems) };
  const database = parseDatabase(env, problems);
  if (!kafka || problems.length > 0) throw new ConfigError(problems);
  return { port, kafka, database, consumer };
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PORT;
  const port = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65535) {
    problems.push(
      `PORT is "${raw}": expected a whole number from 1 to 65535, e.g. PORT=${DEFAULT_PORT}`,
    );
  }
  return port;
}

/** KAFKA_CREATE_DERIVED_TOPICS and other transport settings from the environment (transportOptionsFromEnv). */
function parseConsumer(env: NodeJS.ProcessEnv, problems: string[]): KafkaTransportOptions {
  try {
    return transportOptionsFromEnv(env);
  } catch (error) {
    if (!(error instanceof KafkaConfigError)) throw error;
    problems.push(...error.problems);
    return {};
  }
}

function parseKafka(
  env: NodeJS.ProcessEnv,
  problems: string[],
): KafkaConnectionOptions | undefined {
  try {
    return kafkaConfigFromEnv(SERVICE_NAME, env);
  } catch (error) {
    if (!(error instanceof KafkaConfigError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

/** The schema this service owns, so services can share one Postgres database (DATABASE_SCHEMA overrides it). */
export const DEFAULT_DATABASE_SCHEMA = defaultSchemaOf(SERVICE_NAME);

/** The outbox's durable database: DATABASE_URL or PGLITE_DATA_DIR, in DATABASE_SCHEMA (see databaseConfigFromEnv). */
function parseDatabase(env: NodeJS.ProcessEnv, problems: string[]): OpenDatabaseOptions {
  try {
    return databaseConfigFromEnv(SERVICE_NAME, env);
  } catch (error) {
    if (!(error instanceof DatabaseConfigError)) throw error;
    problems.push(...error.problems);
    return {};
  }
}
