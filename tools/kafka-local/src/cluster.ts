import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_VERSION } from './cluster-settings';
import { resolveClasspath } from './classpath';
import { KafkaLocalError } from './errors';
import { type ClusterLayout, clusterLayout, DEFAULT_BROKER_PORT, defaultHome, renderLog4j2, renderServerProperties } from './layout';
import { withLock } from './lock';
import { describePortOwner, isPortFree } from './ports';
import { checkJava, javaExecutable } from './prerequisites';
import { isAlive, runningPid, waitForExit } from './processes';
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
    throw new KafkaLocalError(`${file} is not valid JSON.`, `Reset the local cluster with: ${RESET_COMMAND}`);
  }
}

function savedLayout(home: string): ClusterLayout | undefined {
  const saved = readSaved(home);
  return saved && clusterLayout(home, saved.nodeCount, saved.basePort);
}

export function status(options: KafkaLocalOptions = {}): ClusterStatus {
  const home = options.home ?? defaultHome();
  const cluster = savedLayout(home);
  if (!cluster) return { running: false, bootstrap: '', nodes: [] };
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
        `.kafka-local holds a ${saved.nodeCount}-node cluster on port ${saved.basePort}; ` +
          `you asked for ${nodeCount} node(s) on port ${basePort}.`,
        `Stop and delete the old cluster first: ${RESET_COMMAND}`,
      );
    }
    const cluster = clusterLayout(home, nodeCount, basePort);
    const toStart = cluster.nodes.filter((node) => runningPid(node.pidFile, node.configFile) === undefined);
    if (toStart.length === 0) {
      log(`already running (${nodeCount} node${nodeCount > 1 ? 's' : ''}): ${cluster.bootstrap}`);
      return cluster.bootstrap;
    }

    const java = javaExecutable();
    checkJava(java);
    for (const node of toStart) {
      for (const port of [node.brokerPort, node.controllerPort]) {
        if (!(await isPortFree(port))) {
          const owner = describePortOwner(port);
          throw new KafkaLocalError(
            `Port ${port} (node ${node.nodeId}) is already in use${owner ? ` by ${owner}` : ''}; nothing was started.`,
            `Stop that process, or start on other ports: npm run kafka:up -- --base-port 19092`,
          );
        }
      }
    }
    const classpath = resolveClasspath(home, log);

    for (const node of toStart) {
      mkdirSync(node.dir, { recursive: true });
      writeFileSync(node.configFile, renderServerProperties(cluster, node));
      writeFileSync(join(node.dir, 'log4j2.properties'), renderLog4j2(node));
      if (prepareStorage(java, classpath, node) === 'formatted') log(`formatted storage of node ${node.nodeId}`);
    }
    writeFileSync(stateFile(home), JSON.stringify({ nodeCount, basePort, kafkaVersion: KAFKA_VERSION } satisfies SavedCluster, null, 2));

    const started: { nodeId: number; pid: number; logFile: string }[] = [];
    for (const node of toStart) {
      log(`starting node ${node.nodeId}: broker 127.0.0.1:${node.brokerPort}, controller 127.0.0.1:${node.controllerPort}`);
      const out = openSync(join(node.dir, 'stdout.log'), 'a');
      const child = spawn(
        java,
        [
          `-Xmx${options.heap ?? (nodeCount > 1 ? '512m' : '1g')}`,
          '-XX:+UseG1GC',
          '-Djava.awt.headless=true',
          `-Dlog4j2.configurationFile=${join(node.dir, 'log4j2.properties')}`,
          '-cp',
          classpath,
          'kafka.Kafka',
          node.configFile,
        ],
        { detached: true, stdio: ['ignore', out, out] },
      );
      child.unref();
      if (child.pid === undefined) throw new Error(`Could not start java for node ${node.nodeId}.`);
      writeFileSync(node.pidFile, String(child.pid));
      started.push({ nodeId: node.nodeId, pid: child.pid, logFile: node.logFile });
    }

    log(`waiting for ${nodeCount} broker${nodeCount > 1 ? 's' : ''} to answer metadata requests…`);
    const startedAt = Date.now();
    try {
      await waitForCluster(cluster.bootstrap, nodeCount, {
        timeoutMs: STARTUP_TIMEOUT_MS,
        stillStarting: () => {
          const dead = started.find((s) => !isAlive(s.pid));
          if (dead) throw new NodeDiedError(dead.nodeId, dead.logFile);
        },
      });
    } catch (error) {
      // Nothing half-started: stop every node this call started before reporting.
      await stopPids(started.map((s) => s.pid));
      for (const node of toStart) rmSync(node.pidFile, { force: true });
      throw error instanceof KafkaLocalError
        ? error
        : new KafkaLocalError((error as Error).message, `See the broker logs under ${home}/node-*/server.log`);
    }
    log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: KAFKA_BROKERS=${cluster.bootstrap}`);
    return cluster.bootstrap;
  });
}

/** Stops only the brokers this tool started (pid files whose process still runs our config). */
export async function down(options: KafkaLocalOptions & { reset?: boolean } = {}): Promise<number> {
  const home = options.home ?? defaultHome();
  const log = options.log ?? (() => undefined);
  return withLock(home, async () => {
    const cluster = savedLayout(home);
    const pids = (cluster?.nodes ?? [])
      .map((node) => runningPid(node.pidFile, node.configFile))
      .filter((pid): pid is number => pid !== undefined);
    if (pids.length > 0) log(`stopping ${pids.length} node${pids.length > 1 ? 's' : ''}…`);
    await stopPids(pids);
    for (const node of cluster?.nodes ?? []) rmSync(node.pidFile, { force: true });
    if (options.reset) {
      for (const node of cluster?.nodes ?? []) rmSync(node.dir, { recursive: true, force: true });
      rmSync(stateFile(home), { force: true });
      log('deleted the local cluster data');
    }
    return pids.length;
  });
}

async function stopPids(pids: number[]): Promise<void> {
  for (const pid of pids) signal(pid, 'SIGTERM');
  for (const pid of pids) {
    if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) signal(pid, 'SIGKILL');
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

class NodeDiedError extends KafkaLocalError {
  constructor(nodeId: number, logFile: string) {
    const stdout = join(logFile, '..', 'stdout.log');
    super(
      `Node ${nodeId} exited during startup. Last log lines:\n${tail(logFile, 12)}\n${tail(stdout, 6)}`,
      `Full logs: ${logFile} and ${stdout}`,
    );
  }
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => `    ${l}`).join('\n');
  } catch {
    return '    (no log written)';
  }
}
