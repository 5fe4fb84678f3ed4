import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { assertNodeCount, clusterWideSettings, rackOf } from './cluster-settings';

/** Where one local node listens and keeps its files. */
export interface NodeLayout {
  nodeId: number;
  brokerPort: number;
  controllerPort: number;
  dir: string;
  dataDir: string;
  configFile: string;
  logFile: string;
  pidFile: string;
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
const CONTROLLER_PORT_OFFSET = 20000;

/** The repo root is the nearest folder with nx.json; state lives in its git-ignored .kafka-local/. */
export function defaultHome(from = __dirname): string {
  if (process.env.KAFKA_LOCAL_HOME) return process.env.KAFKA_LOCAL_HOME;
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = join(dir, '..');
    if (parent === dir) return join(process.cwd(), '.kafka-local');
    dir = parent;
  }
  return join(dir, '.kafka-local');
}

export function clusterLayout(home: string, nodeCount: number, basePort = DEFAULT_BROKER_PORT): ClusterLayout {
  assertNodeCount(nodeCount);
  const nodes = Array.from({ length: nodeCount }, (_, i): NodeLayout => {
    const nodeId = i + 1;
    const dir = join(home, `node-${nodeId}`);
    return {
      nodeId,
      brokerPort: basePort + i,
      controllerPort: basePort + i + CONTROLLER_PORT_OFFSET,
      dir,
      dataDir: join(dir, 'data'),
      configFile: join(dir, 'server.properties'),
      logFile: join(dir, 'server.log'),
      pidFile: join(dir, 'kafka.pid'),
    };
  });
  return { home, nodeCount, nodes, bootstrap: nodes.map((n) => `127.0.0.1:${n.brokerPort}`).join(',') };
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
