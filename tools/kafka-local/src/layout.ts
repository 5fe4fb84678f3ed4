import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { assertNodeCount, clusterWideSettings, rackOf } from './cluster-settings';

/** Where one local node keeps its files (independent of ports, so `down` can find any node). */
export interface NodePaths {
  nodeId: number;
  dir: string;
  dataDir: string;
  configFile: string;
  logFile: string;
  pidFile: string;
}

/** Where one local node listens and keeps its files. */
export interface NodeLayout extends NodePaths {
  brokerPort: number;
  controllerPort: number;
}

export interface ClusterLayout {
  home: string;
  nodeCount: number;
  nodes: NodeLayout[];
  bootstrap: string;
}

/** Broker ports match docker-compose.yml (9092, 9093, 9094) so KAFKA_BROKERS is the same either way. */
export const DEFAULT_BROKER_PORT = 9092;
/** Controllers sit 20000 above their broker: out of the way of the brokers' range. */
export const CONTROLLER_PORT_OFFSET = 20000;
const MAX_PORT = 65535;

/** Every broker and controller port must be a real TCP port, or the broker dies at bind time. */
export function assertBasePort(basePort: number, nodeCount: number): void {
  const highest = MAX_PORT - CONTROLLER_PORT_OFFSET - (nodeCount - 1);
  if (!Number.isInteger(basePort) || basePort < 1 || basePort > highest) {
    throw new RangeError(
      `Invalid base port ${String(basePort)}: expected 1 to ${highest}, ` +
        `so that every controller port (broker port + ${CONTROLLER_PORT_OFFSET}) stays below ${MAX_PORT + 1}.`,
    );
  }
}

/** The repo root: the nearest folder above `from` with nx.json (cwd when there is none). */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = join(dir, '..');
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** State lives in the repo's git-ignored .kafka-local/ unless KAFKA_LOCAL_HOME points elsewhere. */
export function defaultHome(): string {
  return process.env.KAFKA_LOCAL_HOME || join(repoRoot(), '.kafka-local');
}

export function clusterLayout(
  home: string,
  nodeCount: number,
  basePort = DEFAULT_BROKER_PORT,
): ClusterLayout {
  assertNodeCount(nodeCount);
  assertBasePort(basePort, nodeCount);
  const nodes = Array.from(
    { length: nodeCount },
    (_, i): NodeLayout => ({
      ...nodePaths(home, i + 1),
      brokerPort: basePort + i,
      controllerPort: basePort + i + CONTROLLER_PORT_OFFSET,
    }),
  );
  return {
    home,
    nodeCount,
    nodes,
    bootstrap: nodes.map((n) => `127.0.0.1:${n.brokerPort}`).join(','),
  };
}

export function nodePaths(home: string, nodeId: number): NodePaths {
  const dir = join(home, `node-${nodeId}`);
  return {
    nodeId,
    dir,
    dataDir: join(dir, 'data'),
    configFile: join(dir, 'server.properties'),
    logFile: join(dir, 'server.log'),
    pidFile: join(dir, 'kafka.pid'),
  };
}

/** server.properties for one combined broker+controller node. */
export function renderServerProperties(cluster: ClusterLayout, node: NodeLayout): string {
  const voters = cluster.nodes.map((n) => `${n.nodeId}@127.0.0.1:${n.controllerPort}`).join(',');
  const settings: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': String(node.nodeId),
    'broker.rack': rackOf(node.nodeId),
    'controller.quorum.voters': voters,
    listeners: `PLAINTEXT://127.0.0.1:${node.brokerPort},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${node.brokerPort}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': node.dataDir,
    ...clusterWideSettings(cluster.nodeCount),
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return `# Written by tools/kafka-local from src/cluster-settings.ts; edits are overwritten.\n${lines.join('\n')}\n`;
}

/** log4j2 config: the broker logs to its own file, never to the terminal that started it. */
export function renderLog4j2(node: NodeLayout): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${node.logFile}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = file',
    'logger.kafka.name = kafka',
    'logger.kafka.level = INFO',
    'logger.apache.name = org.apache.kafka',
    'logger.apache.level = INFO',
    '',
  ].join('\n');
}
