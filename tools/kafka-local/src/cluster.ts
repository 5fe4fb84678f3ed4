import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_VERSION, MAX_NODES } from './cluster-settings';
import { resolveClasspath } from './classpath';
import { KafkaLocalError } from './errors';
import {
  type ClusterLayout,
  clusterLayout,
  DEFAULT_BROKER_PORT,
  defaultHome,
  type NodeLayout,
  nodePaths,
  renderLog4j2,
  renderServerProperties,
} from './layout';
import { withLock } from './lock';
import { describePortOwner, isPortFree } from './ports';
import { checkJava, javaExecutable } from './prerequisites';
import { isAlive, runningPid, stopProcesses } from './processes';
import { NodeDiedError, startNode } from './start-node';
import { prepareStorage, RESET_COMMAND } from './storage';
import { waitForCluster } from './wait-for-cluster';

export interface KafkaLocalOptions {
  /** Folder for data, logs and pid files; defaults to <repo>/.kafka-local. */
  home?: string;
  nodes?: number;
  basePort?: number;
  /** Heap per node; a 3-node cluster on a laptop wants less than the default. */
  heap?: string;
  log?: (line: string) => void;
}

export interface NodeStatus {
  nodeId: number;
  pid?: number;
  brokerPort: number;
  running: boolean;
}

export interface ClusterStatus {
  running: boolean;
  bootstrap: string;
  nodes: NodeStatus[];
}

interface SavedCluster {
  nodeCount: number;
  basePort: number;
  kafkaVersion: string;
}

const STARTUP_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

function stateFile(home: string): string {
  return join(home, 'cluster.json');
}

function readSaved(home: string): SavedCluster | undefined {
  const file = stateFile(home);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SavedCluster;
  } catch {
    throw new KafkaLocalError(
      `${file} is not valid JSON.`,
      `Reset the local cluster with: ${RESET_COMMAND}`,
    );
  }
}

export function status(options: KafkaLocalOptions = {}): ClusterStatus {
  const home = options.home ?? defaultHome();
  const saved = readSaved(home);
  if (!saved) return { running: false, bootstrap: '', nodes: [] };
  const cluster = clusterLayout(home, saved.nodeCount, saved.basePort);
  const nodes = cluster.nodes.map((node): NodeStatus => {
    const pid = runningPid(node.pidFile, node.configFile);
    return { nodeId: node.nodeId, pid, brokerPort: node.brokerPort, running: pid !== undefined };
  });
  return { running: nodes.every((n) => n.running), bootstrap: cluster.bootstrap, nodes };
}

/** Starts the local cluster, or does nothing if it already runs. Returns the bootstrap address. */
export async function up(options: KafkaLocalOptions = {}): Promise<string> {
  const home = options.home ?? defaultHome();
  const log = options.log ?? (() => undefined);
  return withLock(home, async () => {
    const saved = readSaved(home);
    const nodeCount = options.nodes ?? saved?.nodeCount ?? 1;
    const basePort = options.basePort ?? saved?.basePort ?? DEFAULT_BROKER_PORT;
    if (saved && (saved.nodeCount !== nodeCount || saved.basePort !== basePort)) {
      throw new KafkaLocalError(
        `${home} holds a ${saved.nodeCount}-node cluster on port ${saved.basePort}; ` +
          `you asked for ${nodeCount} node(s) on port ${basePort}.`,
        `Stop and delete the old cluster first: ${RESET_COMMAND}`,
      );
    }
    const cluster = clusterLayout(home, nodeCount, basePort);
    const toStart = cluster.nodes.filter(
      (node) => runningPid(node.pidFile, node.configFile) === undefined,
    );
    // After KAFKA_VERSION changes, brokers still running the old jars must not pass for this
    // checkout's Kafka (nor be joined by nodes of the new one): the user restarts them on purpose.
    const running = cluster.nodes.length - toStart.length;
    if (saved && saved.kafkaVersion !== KAFKA_VERSION && running > 0) {
      throw new KafkaLocalError(
        `The local cluster in ${home} runs Kafka ${saved.kafkaVersion}, but this checkout uses Kafka ${KAFKA_VERSION}.`,
        `Restart it on ${KAFKA_VERSION} (its data is kept): npm run kafka:down && npm run kafka:up`,
      );
    }
    if (toStart.length === 0) {
      log(`already running (${nodeCount} node${nodeCount > 1 ? 's' : ''}): ${cluster.bootstrap}`);
      return cluster.bootstrap;
    }

    // Every check that can fail runs before the first process starts: a refusal leaves nothing behind.
    const java = javaExecutable();
    checkJava(java);
    await assertPortsFree(toStart);
    const classpath = resolveClasspath(home, log);
    for (const node of toStart) {
      mkdirSync(node.dir, { recursive: true });
      writeFileSync(node.configFile, renderServerProperties(cluster, node));
      writeFileSync(join(node.dir, 'log4j2.properties'), renderLog4j2(node));
      if (prepareStorage(java, classpath, node) === 'formatted')
        log(`formatted storage of node ${node.nodeId}`);
    }
    writeFileSync(
      stateFile(home),
      JSON.stringify(
        { nodeCount, basePort, kafkaVersion: KAFKA_VERSION } satisfies SavedCluster,
        null,
        2,
      ),
    );

    await startAndWait(
      cluster,
      toStart,
      java,
      classpath,
      options.heap ?? (nodeCount > 1 ? '512m' : '1g'),
      log,
    );
    return cluster.bootstrap;
  });
}

async function assertPortsFree(nodes: NodeLayout[]): Promise<void> {
  for (const node of nodes) {
    for (const port of [node.brokerPort, node.controllerPort]) {
      if (!(await isPortFree(port))) {
        const owner = describePortOwner(port);
        throw new KafkaLocalError(
          `Port ${port} (node ${node.nodeId}) is already in use${owner ? ` by ${owner}` : ''}; nothing was started.`,
          'Stop that process, or start on other ports: npm run kafka:up -- --base-port 19092',
        );
      }
    }
  }
}

async function startAndWait(
  cluster: ClusterLayout,
  toStart: NodeLayout[],
  java: string,
  classpath: string,
  heap: string,
  log: (line: string) => void,
): Promise<void> {
  const started: { node: NodeLayout; pid: number }[] = [];
  const startedAt = Date.now();
  try {
    for (const node of toStart) {
      log(
        `starting node ${node.nodeId}: broker 127.0.0.1:${node.brokerPort}, controller 127.0.0.1:${node.controllerPort}`,
      );
      started.push({ node, pid: startNode(java, classpath, node, heap) });
    }
    log(
      `waiting for ${cluster.nodeCount} broker${cluster.nodeCount > 1 ? 's' : ''} to answer metadata requests…`,
    );
    await waitForCluster(cluster.bootstrap, cluster.nodeCount, {
      timeoutMs: STARTUP_TIMEOUT_MS,
      stillStarting: () => {
        const dead = started.find((s) => !isAlive(s.pid));
        if (dead) throw new NodeDiedError(dead.node);
      },
    });
  } catch (error) {
    // Nothing half-started: stop every node this call started before reporting.
    await stopProcesses(
      started.map((s) => s.pid),
      STOP_TIMEOUT_MS,
    );
    for (const node of toStart) rmSync(node.pidFile, { force: true });
    throw error instanceof KafkaLocalError
      ? error
      : new KafkaLocalError(
          (error as Error).message,
          `See the broker logs under ${cluster.home}/node-*/server.log`,
        );
  }
  log(
    `ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: KAFKA_BROKERS=${cluster.bootstrap}`,
  );
}

/**
 * Stops only the brokers this tool started (pid files whose process still runs our config).
 * Looks at every possible node folder, not just cluster.json, so a half-created cluster can
 * still be stopped and reset (the reset hint must always work).
 */
export async function down(options: KafkaLocalOptions & { reset?: boolean } = {}): Promise<number> {
  const home = options.home ?? defaultHome();
  const log = options.log ?? (() => undefined);
  return withLock(home, async () => {
    const nodes = Array.from({ length: MAX_NODES }, (_, i) => nodePaths(home, i + 1));
    const pids = nodes
      .map((node) => runningPid(node.pidFile, node.configFile))
      .filter((pid): pid is number => pid !== undefined);
    if (pids.length > 0) log(`stopping ${pids.length} node${pids.length > 1 ? 's' : ''}…`);
    await stopProcesses(pids, STOP_TIMEOUT_MS);
    for (const node of nodes) rmSync(node.pidFile, { force: true });
    if (options.reset) {
      for (const node of nodes) rmSync(node.dir, { recursive: true, force: true });
      rmSync(stateFile(home), { force: true });
      log(`deleted the local cluster data in ${home}`);
    }
    return pids.length;
  });
}
