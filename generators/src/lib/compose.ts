import type { Tree } from '@nx/devkit';
import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';

export const COMPOSE_FILE = 'docker-compose.yml';

/** Containers reach the cluster of docker-compose.yml on its internal listeners. */
export const COMPOSE_KAFKA_BROKERS = 'kafka-1:19092,kafka-2:19092,kafka-3:19092';

export interface ComposeService {
  /** The compose service name: the Nx app name, e.g. `billing-service`. */
  name: string;
  projectRoot: string;
  port: number;
  /** Uses the compose Postgres (the outbox): DATABASE_URL and a dependency on it. */
  database?: boolean;
}

/** The compose Postgres, trust auth (dev only), seen from other containers. */
export const COMPOSE_DATABASE_URL = 'postgres://postgres@postgres:5432/postgres';

/**
 * Adds an app service to docker-compose.yml once: an existing entry with that name is left as it
 * is. Everything else (the kafka-* and postgres services owned by tools/kafka-local, comments,
 * other services) is kept; the YAML is written the way tools/kafka-local/src/compose-file.ts
 * writes it, so `npm run compose:generate` and its drift test see no change.
 * Returns false when there is no compose file or the service was there already.
 */
export function addComposeService(tree: Tree, service: ComposeService): boolean {
  const existing = tree.read(COMPOSE_FILE, 'utf-8');
  if (existing === null) return false;
  const doc = parseDocument(existing);
  if (doc.errors.length > 0) throw new Error(`${COMPOSE_FILE} is not valid YAML: ${doc.errors[0].message}`);
  if (!isMap(doc.contents)) throw new Error(`${COMPOSE_FILE} must be a mapping at the top level.`);
  const services = doc.contents.get('services');
  if (!isMap(services)) throw new Error(`${COMPOSE_FILE} has no "services" mapping to add ${service.name} to.`);
  if (services.has(service.name)) return false;
  const dependencies = [...kafkaServices(services), ...(service.database && services.has('postgres') ? ['postgres'] : [])];
  const pair = doc.createPair(service.name, {
    build: { context: '.', dockerfile: `${service.projectRoot}/Dockerfile` },
    ports: [`127.0.0.1:${service.port}:${service.port}`],
    environment: {
      PORT: String(service.port),
      KAFKA_BROKERS: COMPOSE_KAFKA_BROKERS,
      ...(service.database ? { DATABASE_URL: COMPOSE_DATABASE_URL } : {}),
    },
    ...(dependencies.length > 0
      ? { depends_on: Object.fromEntries(dependencies.map((name) => [name, { condition: 'service_healthy' }])) }
      : {}),
  });
  if (isScalar(pair.key)) pair.key.spaceBefore = services.items.length > 0 || undefined;
  (services as YAMLMap<unknown, unknown>).items.push(pair);
  return writeCompose(tree, doc.toString({ lineWidth: 0, defaultStringType: 'QUOTE_SINGLE', defaultKeyType: 'PLAIN' }));
}

/** Host ports the compose services publish ("[ip:]host:container"). */
/** Host ports the compose services publish; `except` leaves one service out (its own entry, kept on a re-run). */
export function composeHostPorts(tree: Tree, except?: string): Set<number> {
  const text = tree.read(COMPOSE_FILE, 'utf-8');
  const ports = new Set<number>();
  if (text === null) return ports;
  const services = parseDocument(text).toJS()?.services as Record<string, { ports?: unknown[] }> | undefined;
  for (const [name, service] of Object.entries(services ?? {})) {
    if (name === except) continue;
    for (const mapping of service?.ports ?? []) {
      const parts = String(mapping).split(':');
      const host = Number(parts[parts.length - 2]);
      if (Number.isInteger(host)) ports.add(host);
    }
  }
  return ports;
}

export function composeHasService(tree: Tree, name: string): boolean {
  const text = tree.read(COMPOSE_FILE, 'utf-8');
  if (text === null) return false;
  const services = parseDocument(text).get('services');
  return isMap(services) && services.has(name);
}

function kafkaServices(services: YAMLMap): string[] {
  return services.items
    .map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key))
    .filter((name) => /^kafka-\d+$/.test(name));
}

function writeCompose(tree: Tree, text: string): boolean {
  tree.write(COMPOSE_FILE, text);
  return true;
}
