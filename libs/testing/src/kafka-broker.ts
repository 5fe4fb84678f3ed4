import { CLUSTER_ID, clusterWideSettings, KAFKA_VERSION, up } from '@platform/kafka-local';
import { createServer } from 'node:net';
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';
import { isDockerAvailable } from './docker';

export type BrokerSource = 'KAFKA_BROKERS' | 'testcontainers' | 'kafka-local';

export interface ResolvedBroker {
  brokers: string[];
  source: BrokerSource;
  /** Set when this process started a container that must be stopped afterwards. */
  container?: StartedTestContainer;
}

/**
 * Finds a real broker, in this order: KAFKA_BROKERS (an existing cluster) → Docker
 * (apache/kafka through testcontainers) → tools/kafka-local (Kafka jars from Maven Central).
 * There is no fake fallback: if none works the caller gets an error that says what to install.
 */
export async function resolveKafkaBroker(log: (line: string) => void = () => undefined): Promise<ResolvedBroker> {
  const fromEnv = process.env.KAFKA_BROKERS;
  if (fromEnv?.trim()) return { brokers: brokerList(fromEnv), source: 'KAFKA_BROKERS' };

  if (await isDockerAvailable()) {
    log(`starting apache/kafka:${KAFKA_VERSION} with testcontainers…`);
    const { container, bootstrap } = await startKafkaContainer();
    return { brokers: [bootstrap], source: 'testcontainers', container };
  }

  log('no KAFKA_BROKERS and no Docker engine: using tools/kafka-local…');
  try {
    const bootstrap = await up({ log: (line) => log(`kafka-local: ${line}`) });
    return { brokers: bootstrap.split(','), source: 'kafka-local' };
  } catch (error) {
    throw new Error(
      'No Kafka broker for the integration tests. Set KAFKA_BROKERS=host:port, start Docker, ' +
        `or install Java 17+ and Maven for tools/kafka-local.\n${(error as Error).message}`,
    );
  }
}

/** `a:9092, b:9092,` → ['a:9092', 'b:9092']: an empty entry would reach kafkajs as a broker named "". */
function brokerList(raw: string): string[] {
  const brokers = raw
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  if (brokers.length === 0)
    throw new TypeError(`Invalid KAFKA_BROKERS, expected host:port[,host:port…] received ${JSON.stringify(raw)}`);
  return brokers;
}

async function startKafkaContainer(): Promise<{ container: StartedTestContainer; bootstrap: string }> {
  // The advertised listener must name the host port, so pick it before the container starts.
  const hostPort = await freePort();
  const settings = Object.fromEntries(
    Object.entries(clusterWideSettings(1)).map(([key, value]) => [`KAFKA_${key.toUpperCase().replace(/\./g, '_')}`, value]),
  );
  const container = await new GenericContainer(`apache/kafka:${KAFKA_VERSION}`)
    .withEnvironment({
      ...settings,
      CLUSTER_ID,
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${hostPort}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
    })
    .withExposedPorts({ container: 9092, host: hostPort })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return { container, bootstrap: `localhost:${hostPort}` };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
