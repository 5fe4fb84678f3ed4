/**
 * Checks the committed docker-compose.yml itself. Apart from the drift check, every expectation is
 * derived from the parsed YAML (not from compose.ts), so a hand edit that breaks the cluster fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CLUSTER_ID, KAFKA_VERSION } from './cluster-settings';
import { renderOwnedCompose } from './compose';
import { updateComposeFile } from './compose-file';

interface Service {
  image?: string;
  hostname?: string;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test?: string[] };
}

const COMPOSE_FILE = join(__dirname, '..', '..', '..', 'docker-compose.yml');
const committed = readFileSync(COMPOSE_FILE, 'utf8');
const compose = parse(committed) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const kafka = Object.entries(compose.services)
  .filter(([, service]) => service.image?.startsWith('apache/kafka:'))
  .map(([name, service]) => ({ name, service, props: brokerProperties(service) }));

/** What the apache/kafka image does: KAFKA_FOO_BAR → foo.bar, `__` → `_`, `___` → `-`. */
function brokerProperties(service: Service): Record<string, string> {
  const jvmOptions = new Set([
    'KAFKA_HEAP_OPTS',
    'KAFKA_OPTS',
    'KAFKA_JVM_PERFORMANCE_OPTS',
    'KAFKA_LOG4J_OPTS',
    'KAFKA_JMX_OPTS',
  ]);
  const entries = Object.entries(service.environment ?? {})
    .filter(([name]) => name.startsWith('KAFKA_') && !jvmOptions.has(name))
    .map(([name, value]) => [
      name
        .slice('KAFKA_'.length)
        .toLowerCase()
        .replace(/_{1,3}/g, (m) => (m.length === 3 ? '-' : m.length === 2 ? '_' : '.')),
      String(value),
    ]);
  return Object.fromEntries(entries);
}

/** "NAME://host:port,..." → [{ name, host, port }] */
function endpoints(list: string): { name: string; host: string; port: number }[] {
  return list.split(',').map((entry) => {
    const match = /^([A-Z_]+):\/\/([^:]*):(\d+)$/.exec(entry.trim());
    if (!match) throw new Error(`Unparseable listener "${entry}"`);
    return { name: match[1], host: match[2], port: Number(match[3]) };
  });
}

/** "[ip:]host:container" → { host, container } */
function portMappings(service: Service): { host: number; container: number }[] {
  return (service.ports ?? []).map((mapping) => {
    const parts = String(mapping).split(':');
    return { host: Number(parts[parts.length - 2]), container: Number(parts[parts.length - 1]) };
  });
}

const listenerPort = (props: Record<string, string>, name: string): number | undefined =>
  endpoints(props.listeners).find((l) => l.name === name)?.port;

describe('docker-compose.yml', () => {
  it('is what `npm run compose:generate` writes from cluster-settings.ts', () => {
    const hint =
      'docker-compose.yml is out of date with tools/kafka-local/src: run npm run compose:generate';
    const owned = renderOwnedCompose();
    try {
      for (const [name, service] of Object.entries(owned.services))
        expect({ [name]: compose.services[name] }).toEqual({ [name]: service });
      for (const name of Object.keys(owned.volumes)) expect(compose.volumes).toHaveProperty([name]);
      expect(updateComposeFile(committed)).toBe(committed);
    } catch (error) {
      throw new Error(`${hint}\n\n${(error as Error).message}`);
    }
  });

  it('runs 3 combined broker+controller nodes of KAFKA_VERSION with unique ids', () => {
    expect(kafka.map((k) => k.name)).toEqual(['kafka-1', 'kafka-2', 'kafka-3']);
    for (const { service, props } of kafka) {
      expect(service.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
      expect(props['process.roles']).toBe('broker,controller');
      expect(service.environment?.CLUSTER_ID).toBe(CLUSTER_ID);
    }
    const ids = kafka.map((k) => k.props['node.id']);
    expect(new Set(ids).size).toBe(kafka.length);
    expect(ids.every((id) => /^\d+$/.test(id))).toBe(true);
  });

  it('lists every controller as a voter, on its controller listener', () => {
    const controllers = kafka.filter((k) =>
      k.props['process.roles'].split(',').includes('controller'),
    );
    for (const { props } of kafka) {
      const voters = props['controller.quorum.voters'].split(',').map((voter) => {
        const match = /^(\d+)@([^:]+):(\d+)$/.exec(voter);
        if (!match) throw new Error(`Unparseable voter "${voter}"`);
        return { id: match[1], host: match[2], port: Number(match[3]) };
      });
      expect(voters.map((v) => v.id).sort()).toEqual(
        controllers.map((c) => c.props['node.id']).sort(),
      );
      for (const voter of voters) {
        const controller = controllers.find((c) => c.props['node.id'] === voter.id)!;
        expect([controller.name, controller.service.hostname]).toContain(voter.host);
        const controllerListener = controller.props['controller.listener.names'];
        expect(voter.port).toBe(listenerPort(controller.props, controllerListener));
      }
    }
  });

  it('advertises only listeners a client can reach', () => {
    const hostPorts: number[] = [];
    for (const { name, service, props } of kafka) {
      const protocols = props['listener.security.protocol.map']
        .split(',')
        .map((pair) => pair.split(':')[0]);
      for (const listener of endpoints(props.listeners)) expect(protocols).toContain(listener.name);
      for (const advertised of endpoints(props['advertised.listeners'])) {
        const bound = listenerPort(props, advertised.name);
        expect({ listener: advertised.name, bound: bound !== undefined }).toEqual({
          listener: advertised.name,
          bound: true,
        });
        if (advertised.host === 'localhost' || advertised.host === '127.0.0.1') {
          // From the host: the advertised port must be a published port that lands on the bound one.
          const mapping = portMappings(service).find((m) => m.host === advertised.port);
          expect({ service: name, advertised: advertised.port, lands: mapping?.container }).toEqual(
            {
              service: name,
              advertised: advertised.port,
              lands: bound,
            },
          );
          hostPorts.push(advertised.port);
        } else {
          // From other containers: the service's own name on the compose network.
          expect([name, service.hostname]).toContain(advertised.host);
          expect(advertised.port).toBe(bound);
        }
      }
      const interBroker = endpoints(props['advertised.listeners']).find(
        (l) => l.name === props['inter.broker.listener.name'],
      );
      expect(interBroker?.host).toBe(name);
      expect(props['controller.listener.names'].split(',')).not.toContain(
        props['inter.broker.listener.name'],
      );
    }
    // The documented host layout: broker N on localhost:9091+N, like kafka-local.
    expect(hostPorts).toEqual([9092, 9093, 9094]);
  });

  it('puts every node in its own rack', () => {
    const racks = kafka.map((k) => k.props['broker.rack']);
    expect(racks.every(Boolean)).toBe(true);
    expect(new Set(racks).size).toBe(kafka.length);
  });

  it('replicates within the cluster size and keeps acks=all writable with one node down', () => {
    for (const { props } of kafka) {
      for (const [rf, minIsr] of [
        ['default.replication.factor', 'min.insync.replicas'],
        ['transaction.state.log.replication.factor', 'transaction.state.log.min.isr'],
      ]) {
        expect(Number(props[rf])).toBeLessThanOrEqual(kafka.length);
        expect(Number(props[minIsr])).toBeGreaterThanOrEqual(1);
        expect(Number(props[minIsr])).toBeLessThan(Number(props[rf]));
      }
      expect(Number(props['offsets.topic.replication.factor'])).toBeLessThanOrEqual(kafka.length);
    }
  });

  it('never loses acknowledged data silently and never creates topics by accident', () => {
    for (const { props } of kafka) {
      expect(props['unclean.leader.election.enable']).toBe('false');
      expect(props['auto.create.topics.enable']).toBe('false');
    }
  });

  it('keeps each node on its own named volume, mounted at its log dir, with a healthcheck', () => {
    const volumes = kafka.map(({ service, props }) => {
      const mount = (service.volumes ?? [])
        .map((v) => v.split(':'))
        .find(([, target]) => target === props['log.dirs']);
      expect(mount).toBeDefined();
      expect(compose.volumes).toHaveProperty([mount![0]]);
      expect(service.healthcheck?.test?.length).toBeGreaterThan(0);
      return mount![0];
    });
    expect(new Set(volumes).size).toBe(kafka.length);
  });

  it('runs Postgres 16 with a healthcheck on ${POSTGRES_PORT:-5432}', () => {
    const postgres = compose.services.postgres;
    expect(postgres.image).toBe('postgres:16');
    expect(postgres.ports).toEqual(['127.0.0.1:${POSTGRES_PORT:-5432}:5432']);
    expect(postgres.healthcheck?.test?.join(' ')).toContain('pg_isready');
    expect(
      postgres.environment?.POSTGRES_HOST_AUTH_METHOD ?? postgres.environment?.POSTGRES_PASSWORD,
    ).toBeTruthy();
  });
});
