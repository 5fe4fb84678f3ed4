import {
  clientId as buildClientId,
  MAX_INSTANCE_ID_LENGTH,
  validateServiceName,
} from '@platform/naming';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { hostname } from 'node:os';

/** How a service reaches its cluster. Built from the environment by kafkaConfigFromEnv. */
export interface KafkaConnectionOptions {
  service: string;
  brokers: string[];
  clientId: string;
  ssl?: boolean;
  sasl?: {
    mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    username: string;
    password: string;
  };
}

/** Every problem found in the environment, so one restart fixes them all. */
export class KafkaConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid Kafka configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KafkaConfigError';
  }
}

const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
// "_" too: Docker networks resolve service and container names such as kafka_broker or project_kafka_1.
const BROKER_PATTERN = /^([A-Za-z0-9._-]+):(\d{1,5})$/;

/**
 * Reads KAFKA_BROKERS (required, "host:port,host:port"), KAFKA_CLIENT_ID (default
 * <service>.<hostname>-<pid>), KAFKA_SSL (true/false), KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME,
 * KAFKA_SASL_PASSWORD. Configuration is injected, never switched by NODE_ENV.
 */
export function kafkaConfigFromEnv(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): KafkaConnectionOptions {
  validateServiceName(service);
  const problems: string[] = [];
  const raw = env.KAFKA_BROKERS ?? '';
  const brokers = raw
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0)
    problems.push(
      // Only commas and spaces is a mistake of its own ("not set" would send the reader elsewhere).
      `KAFKA_BROKERS ${raw.trim() === '' ? 'is not set' : `is "${raw}", which names no broker`}: expected host:port[,host:port], e.g. KAFKA_BROKERS=127.0.0.1:9092`,
    );
  for (const broker of brokers) {
    const match = BROKER_PATTERN.exec(broker);
    if (!match)
      problems.push(`KAFKA_BROKERS has "${broker}": expected host:port, e.g. kafka-1:9092`);
    // The pattern admits 0 and 65536..99999; kafkajs would only fail at connect, far from the cause.
    else if (Number(match[2]) < 1 || Number(match[2]) > 65535)
      problems.push(
        `KAFKA_BROKERS has "${broker}": the port must be from 1 to 65535, e.g. ${match[1]}:9092`,
      );
  }
  const ssl = parseBoolean('KAFKA_SSL', env.KAFKA_SSL, problems);
  const sasl = parseSasl(env, problems);
  if (problems.length > 0) throw new KafkaConfigError(problems);
  return {
    service,
    brokers,
    clientId:
      env.KAFKA_CLIENT_ID?.trim() ||
      buildClientId({ service, instanceId: defaultInstanceId(hostname(), process.pid) }),
    ...(ssl === undefined ? {} : { ssl }),
    ...(sasl ? { sasl } : {}),
  };
}

/**
 * `<host>-<pid>`, made to fit the instance id rules: a host name is not ours to choose (a long
 * FQDN, a character the rules refuse), and no KAFKA_CLIENT_ID must not stop the service.
 */
function defaultInstanceId(host: string, pid: number): string {
  const suffix = `-${pid}`;
  const safe = host.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return `${(safe || 'host').slice(0, MAX_INSTANCE_ID_LENGTH - suffix.length)}${suffix}`;
}

function parseBoolean(
  name: string,
  raw: string | undefined,
  problems: string[],
): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  problems.push(`${name} is "${raw}": expected true or false`);
  return undefined;
}

function parseSasl(env: NodeJS.ProcessEnv, problems: string[]): KafkaConnectionOptions['sasl'] {
  const mechanism = env.KAFKA_SASL_MECHANISM?.trim().toLowerCase();
  const username = env.KAFKA_SASL_USERNAME;
  const password = env.KAFKA_SASL_PASSWORD;
  if (!mechanism) {
    if (username || password)
      problems.push(
        'KAFKA_SASL_USERNAME/PASSWORD are set but KAFKA_SASL_MECHANISM is not (plain, scram-sha-256 or scram-sha-512)',
      );
    return undefined;
  }
  if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    problems.push(
      `KAFKA_SASL_MECHANISM is "${mechanism}": expected one of ${SASL_MECHANISMS.join(', ')}`,
    );
    return undefined;
  }
  if (!username || !password) {
    problems.push(
      `KAFKA_SASL_MECHANISM is ${mechanism} but KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are not both set`,
    );
    return undefined;
  }
  // The broker would only answer "authentication failed"; the values themselves are never shown.
  const broken = (['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const).filter((name) =>
    /[\r\n]/.test(env[name] ?? ''),
  );
  for (const name of broken)
    problems.push(
      `${name} contains a line break (often the trailing newline of a secret file): remove it, the broker would refuse the login`,
    );
  if (broken.length > 0) return undefined;
  return { mechanism: mechanism as (typeof SASL_MECHANISMS)[number], username, password };
}

/** The kafkajs client settings for these options. */
export function toKafkaJsConfig(options: KafkaConnectionOptions): KafkaConfig {
  return {
    brokers: options.brokers,
    clientId: options.clientId,
    ...(options.ssl !== undefined ? { ssl: options.ssl } : {}),
    ...(options.sasl ? { sasl: options.sasl as SASLOptions } : {}),
  };
}
