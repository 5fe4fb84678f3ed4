import { checkSchemaName, type OpenDatabaseOptions } from '@platform/database';
import {
  KafkaConfigError,
  kafkaConfigFromEnv,
  type KafkaConnectionOptions,
  type KafkaTransportOptions,
} from '@platform/kafka-nest';

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
  const database = parseDatabase(env, problems);
  if (!kafka || problems.length > 0) throw new ConfigError(problems);
  return { port, kafka, database, consumer: CONSUMER };
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
export const DEFAULT_DATABASE_SCHEMA = 'payments';

/** The outbox must survive restarts: Postgres, or PGlite in a folder; never an in-memory database. */
function parseDatabase(env: NodeJS.ProcessEnv, problems: string[]): OpenDatabaseOptions {
  const url = env.DATABASE_URL?.trim();
  const dataDir = env.PGLITE_DATA_DIR?.trim();
  const schema = env.DATABASE_SCHEMA?.trim() || DEFAULT_DATABASE_SCHEMA;
  try {
    checkSchemaName(schema);
  } catch {
    problems.push(
      `DATABASE_SCHEMA is "${schema}": expected lowercase letters, digits and underscores, e.g. DATABASE_SCHEMA=${DEFAULT_DATABASE_SCHEMA}`,
    );
  }
  if (url && dataDir) {
    problems.push(
      'DATABASE_URL and PGLITE_DATA_DIR are both set: expected one of them (Postgres or the embedded database)',
    );
  } else if (url) {
    // The URL may hold a password: the message never repeats it.
    if (!/^postgres(ql)?:\/\//.test(url))
      problems.push('DATABASE_URL is not a postgres:// URL, e.g. postgres://user@db:5432/payments');
    return { url, schema };
  } else if (dataDir) {
    return { dataDir, schema };
  } else {
    problems.push(
      'DATABASE_URL is not set: expected a Postgres URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (or PGLITE_DATA_DIR=./data for an embedded database)',
    );
  }
  return {};
}
