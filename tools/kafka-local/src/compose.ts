/**
 * The docker-compose services this tool owns, rendered from cluster-settings.ts: a KRaft cluster
 * on the official apache/kafka image plus Postgres. Pure data; compose-file.ts merges it into
 * docker-compose.yml next to the app services that other generators add.
 */
import { CLUSTER_ID, clusterWideSettings, KAFKA_VERSION, rackOf } from './cluster-settings';
import { DEFAULT_BROKER_PORT } from './layout';

export const COMPOSE_NODE_COUNT = 3;
/** Other containers reach broker N at kafka-N:19092. */
export const INTERNAL_PORT = 19092;
/** Each container listens for host apps on 9092; compose maps host 9092+i onto it. */
export const EXTERNAL_PORT = 9092;
export const CONTROLLER_PORT = 9093;
const DATA_DIR = '/var/lib/kafka/data';
const POSTGRES_DATA_DIR = '/var/lib/postgresql/data';

export interface ComposeService {
  image: string;
  hostname?: string;
  ports: string[];
  environment: Record<string, string>;
  volumes: string[];
  healthcheck: {
    test: string[];
    interval: string;
    timeout: string;
    retries: number;
    start_period: string;
  };
}

export interface OwnedCompose {
  services: Record<string, ComposeService>;
  volumes: Record<string, Record<string, never>>;
}

export const kafkaServiceName = (nodeId: number): string => `kafka-${nodeId}`;
const kafkaVolumeName = (nodeId: number): string => `kafka-${nodeId}-data`;
const POSTGRES = 'postgres';
const POSTGRES_VOLUME = 'postgres-data';

/** Names compose:generate may replace or delete; every other service/volume belongs to someone else. */
export function isOwnedService(name: string): boolean {
  return /^kafka-\d+$/.test(name) || name === POSTGRES;
}

export function isOwnedVolume(name: string): boolean {
  return /^kafka-\d+-data$/.test(name) || name === POSTGRES_VOLUME;
}

/** The apache/kafka image turns KAFKA_FOO_BAR into foo.bar (`_` → `__`, `-` → `___`). */
export function toKafkaEnv(property: string): string {
  return `KAFKA_${property.replace(/_/g, '__').replace(/-/g, '___').replace(/\./g, '_').toUpperCase()}`;
}

export function renderOwnedCompose(nodeCount = COMPOSE_NODE_COUNT): OwnedCompose {
  const services: Record<string, ComposeService> = {};
  const volumes: OwnedCompose['volumes'] = {};
  for (let nodeId = 1; nodeId <= nodeCount; nodeId++) {
    services[kafkaServiceName(nodeId)] = renderKafkaService(nodeId, nodeCount);
    volumes[kafkaVolumeName(nodeId)] = {};
  }
  services[POSTGRES] = renderPostgresService();
  volumes[POSTGRES_VOLUME] = {};
  return { services, volumes };
}

function renderKafkaService(nodeId: number, nodeCount: number): ComposeService {
  const host = kafkaServiceName(nodeId);
  // Host ports match kafka-local's broker ports, so KAFKA_BROKERS is 127.0.0.1:9092,... either way.
  // Published on loopback only: a plaintext, unauthenticated dev cluster must not face the network.
  const hostPort = DEFAULT_BROKER_PORT + nodeId - 1;
  const voters = Array.from(
    { length: nodeCount },
    (_, i) => `${i + 1}@${kafkaServiceName(i + 1)}:${CONTROLLER_PORT}`,
  );
  const properties: Record<string, string> = {
    'node.id': String(nodeId),
    'process.roles': 'broker,controller',
    'broker.rack': rackOf(nodeId),
    'controller.quorum.voters': voters.join(','),
    listeners: `INTERNAL://:${INTERNAL_PORT},EXTERNAL://:${EXTERNAL_PORT},CONTROLLER://:${CONTROLLER_PORT}`,
    'advertised.listeners': `INTERNAL://${host}:${INTERNAL_PORT},EXTERNAL://127.0.0.1:${hostPort}`,
    'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'INTERNAL',
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': DATA_DIR,
    ...clusterWideSettings(nodeCount),
  };
  const environment: Record<string, string> = { CLUSTER_ID };
  for (const [key, value] of Object.entries(properties)) environment[toKafkaEnv(key)] = value;
  // A JVM option for kafka-server-start.sh, not a broker property: three 1 GB heaps are too much for a laptop.
  environment.KAFKA_HEAP_OPTS = '-Xmx512m';
  return {
    image: `apache/kafka:${KAFKA_VERSION}`,
    hostname: host,
    ports: [`127.0.0.1:${hostPort}:${EXTERNAL_PORT}`],
    environment,
    volumes: [`${kafkaVolumeName(nodeId)}:${DATA_DIR}`],
    healthcheck: {
      // Healthy once the broker answers an ApiVersions request on the listener other containers use.
      test: [
        'CMD-SHELL',
        `/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server ${host}:${INTERNAL_PORT} > /dev/null 2>&1`,
      ],
      interval: '10s',
      timeout: '10s',
      retries: 12,
      start_period: '30s',
    },
  };
}

/** Trust auth, user and database `postgres`: the same URL as the dev/CI server on 127.0.0.1:5432. */
function renderPostgresService(): ComposeService {
  return {
    image: 'postgres:16',
    ports: ['127.0.0.1:${POSTGRES_PORT:-5432}:5432'],
    environment: {
      POSTGRES_USER: 'postgres',
      POSTGRES_DB: 'postgres',
      POSTGRES_HOST_AUTH_METHOD: 'trust',
    },
    volumes: [`${POSTGRES_VOLUME}:${POSTGRES_DATA_DIR}`],
    healthcheck: {
      test: ['CMD-SHELL', 'pg_isready -U postgres -d postgres'],
      interval: '5s',
      timeout: '5s',
      retries: 20,
      start_period: '10s',
    },
  };
}
