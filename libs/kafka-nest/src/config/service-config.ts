import type { KafkaTransportOptions } from '../transport/kafka-transport-options';
import { KafkaConfigError, kafkaConfigFromEnv, type KafkaConnectionOptions } from '@platform/kafka';
import { transportOptionsFromEnv } from './transport-config';

/** What every service reads from its environment; a service's own config extends it. */
export interface BaseServiceConfig {
  port: number;
  kafka: KafkaConnectionOptions;
  /** Retry, commit and session settings of the @EventPattern consumer; the defaults otherwise. */
  consumer?: KafkaTransportOptions;
}

/** Every problem found in the environment, so one restart fixes them all. */
export class ServiceConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    // The app is "<service>-service" (the naming rules refuse a service name with that suffix).
    super(
      `Invalid configuration for ${service}-service:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ServiceConfigError';
  }
}

/** What a service's own reader sees: a problem is pushed onto `problems`, never thrown. */
export interface ConfigReaderContext {
  service: string;
  env: NodeJS.ProcessEnv;
  problems: string[];
}

/** Reads one setting of a service for serviceConfigFromEnv (see its `extras`). */
export type ConfigReader<T> = (context: ConfigReaderContext) => T;

/** The readers of a service's own settings, one per key of their values. */
export type ConfigReaders<Extras> = { [K in keyof Extras]: ConfigReader<Extras[K]> };

export interface ServiceConfigOptions<Extras extends object> {
  /** Consumer group, catalog owner, client id prefix; the error names the app `<service>-service`. */
  service: string;
  /** The port when PORT is not set; also the example in PORT's problem. */
  defaultPort: number;
  /** The service's consumer defaults; KAFKA_CREATE_DERIVED_TOPICS and the like override them. */
  consumer?: KafkaTransportOptions;
  env?: NodeJS.ProcessEnv;
  /** The service's own settings, read after the shared ones; their problems join the same list. */
  extras?: ConfigReaders<Extras>;
}

/**
 * A service's configuration from the environment: PORT (default `defaultPort`), the Kafka
 * connection of kafkaConfigFromEnv, the transport settings of transportOptionsFromEnv on top of
 * `consumer`, then each of `extras` in order. Throws one ServiceConfigError listing every problem.
 */
export function serviceConfigFromEnv<Extras extends object = Record<never, never>>({
  service,
  defaultPort,
  consumer,
  env = process.env,
  extras,
}: ServiceConfigOptions<Extras>): BaseServiceConfig & Extras {
  const problems: string[] = [];
  const port = parsePort(env.PORT, defaultPort, problems);
  const kafka = collectProblems(
    problems,
    KafkaConfigError,
    () => kafkaConfigFromEnv(service, env),
    undefined,
  );
  const fromEnv = collectProblems(
    problems,
    KafkaConfigError,
    () => transportOptionsFromEnv(env),
    {},
  );
  const own: Record<string, unknown> = {};
  for (const [key, read] of Object.entries<ConfigReader<unknown>>(extras ?? {})) {
    own[key] = read({ service, env, problems });
  }
  if (!kafka || problems.length > 0) throw new ServiceConfigError(service, problems);
  return {
    port,
    kafka,
    consumer: { ...consumer, ...fromEnv },
    ...(own as Extras),
  };
}

/**
 * Runs `read`; when it throws `errorClass` (an error listing its `problems`, such as
 * KafkaConfigError), adds them to `problems` and returns `fallback`. Any other error is thrown.
 */
export function collectProblems<T, F>(
  problems: string[],
  errorClass: abstract new (...args: never[]) => { readonly problems: readonly string[] },
  read: () => T,
  fallback: F,
): T | F {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof errorClass)) throw error;
    problems.push(...error.problems);
    return fallback;
  }
}

function parsePort(raw: string | undefined, defaultPort: number, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return defaultPort;
  const port = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65535) {
    problems.push(
      `PORT is "${raw}": expected a whole number from 1 to 65535, e.g. PORT=${defaultPort}`,
    );
  }
  return port;
}
