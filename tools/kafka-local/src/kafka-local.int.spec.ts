/**
 * Real processes: starts the actual Kafka broker (java + Maven-resolved jars) in a temp home on
 * free high ports, so it never touches the dev cluster in .kafka-local/ (9092-9094 / 29092-29094).
 * One cluster is reused across the tests, which therefore run in order.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { down, status, up } from './cluster';
import { KafkaLocalError } from './errors';
import { CONTROLLER_PORT_OFFSET } from './layout';
import { isPortFree } from './ports';
import { isAlive } from './processes';
import { RESET_COMMAND } from './storage';

// These tests run the real broker: without java/mvn they fail with up()'s explanation of what to
// install. They are never skipped, on CI or anywhere else.


const UP_TIMEOUT_MS = 150_000;
const HEAP = '256m';

/** A base port whose broker and controller ports are all free, well away from the dev cluster. */
async function freeBasePort(nodeCount: number, avoid: number[] = []): Promise<number> {
  const start = 39092 + 10 * Math.floor(Math.random() * 500);
  for (let base = start; base < 45000; base += 10) {
    const ports = Array.from({ length: nodeCount }, (_, i) => [
      base + i,
      base + i + CONTROLLER_PORT_OFFSET,
    ]).flat();
    if (ports.some((p) => avoid.includes(p))) continue;
    if ((await Promise.all(ports.map(isPortFree))).every(Boolean)) return base;
  }
  throw new Error('No free port range found above 39092');
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => resolve(server));
  });
}

async function rejection(promise: Promise<unknown>): Promise<KafkaLocalError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KafkaLocalError) return error;
    throw error;
  }
  throw new Error('expected up() to reject');
}

describe('kafka-local (real broker)', () => {
  const homes: string[] = [];
  const newHome = (): string => {
    const home = mkdtempSync(join(tmpdir(), 'kafka-local-int-'));
    homes.push(home);
    return home;
  };
  let home: string;
  let basePort: number;
  let pidFile: string;
  let decoy: ChildProcess | undefined;
  const readPid = (): number => Number(readFileSync(pidFile, 'utf8'));

  beforeAll(async () => {
    home = newHome();
    basePort = await freeBasePort(1);
    pidFile = join(home, 'node-1', 'kafka.pid');
  });

  afterAll(async () => {
    decoy?.kill('SIGKILL');
    for (const dir of homes) {
      await down({ home: dir, reset: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'starts a broker that answers metadata requests',
    async () => {
      const bootstrap = await up({ home, basePort, heap: HEAP });
      expect(bootstrap).toBe(`127.0.0.1:${basePort}`);
      const admin = new Kafka({
        brokers: [bootstrap],
        clientId: 'kafka-local-int',
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      try {
        const cluster = await admin.describeCluster();
        expect(cluster.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: basePort }]);
        expect(cluster.controller).toBe(1);
      } finally {
        await admin.disconnect();
      }
    },
    UP_TIMEOUT_MS,
  );

  it('treats a second up() as a no-op: same bootstrap, same process', async () => {
    const pid = readPid();
    const lines: string[] = [];
    await expect(up({ home, basePort, log: (line) => lines.push(line) })).resolves.toBe(
      `127.0.0.1:${basePort}`,
    );
    expect(readPid()).toBe(pid);
    expect(lines).toEqual([`already running (1 node): 127.0.0.1:${basePort}`]);
    expect(status({ home })).toEqual({
      running: true,
      bootstrap: `127.0.0.1:${basePort}`,
      nodes: [{ nodeId: 1, pid, brokerPort: basePort, running: true }],
    });
  });

  it('refuses another shape for the existing cluster, naming the reset command', async () => {
    const error = await rejection(up({ home, nodes: 3, basePort }));
    expect(error.message).toContain(
      `holds a 1-node cluster on port ${basePort}; you asked for 3 node(s)`,
    );
    expect(error.hint).toContain(RESET_COMMAND);
  });

  it('stops its broker on down(): the process is gone', async () => {
    const pid = readPid();
    await expect(down({ home })).resolves.toBe(1);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
    expect(status({ home }).running).toBe(false);
  });

  it('never stops a process it did not start, even if a pid file names it', async () => {
    decoy = spawn('sleep', ['600'], { stdio: 'ignore' });
    writeFileSync(pidFile, String(decoy.pid));
    await expect(down({ home })).resolves.toBe(0);
    expect(isAlive(decoy.pid!)).toBe(true);
    expect(existsSync(pidFile)).toBe(false);
  });

  it(
    'ignores a stale pid file and starts again on the existing data',
    async () => {
      const deadPid = spawnSync('true').pid;
      writeFileSync(pidFile, String(deadPid));
      expect(status({ home }).nodes).toEqual([
        { nodeId: 1, pid: undefined, brokerPort: basePort, running: false },
      ]);
      expect(existsSync(pidFile)).toBe(false);

      writeFileSync(pidFile, String(deadPid));
      const lines: string[] = [];
      await up({ home, basePort, heap: HEAP, log: (line) => lines.push(line) });
      expect(lines.some((line) => line.startsWith('formatted storage'))).toBe(false);
      const pid = readPid();
      expect(pid).not.toBe(deadPid);
      expect(status({ home }).nodes[0]).toMatchObject({ pid, running: true });
      await expect(down({ home })).resolves.toBe(1);
      expect(isAlive(pid)).toBe(false);
    },
    UP_TIMEOUT_MS,
  );

  it('refuses a taken port, names it, and starts nothing', async () => {
    const server = await listen(basePort);
    try {
      const error = await rejection(up({ home, basePort, heap: HEAP }));
      expect(error.message).toContain(`Port ${basePort} (node 1) is already in use`);
      expect(error.message).toContain('nothing was started');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(existsSync(pidFile)).toBe(false);
    expect(status({ home }).running).toBe(false);
  });

  it('refuses a taken port of a later node before starting the earlier ones', async () => {
    const otherHome = newHome();
    const otherBase = await freeBasePort(3, [basePort, basePort + CONTROLLER_PORT_OFFSET]);
    const server = await listen(otherBase + 2);
    try {
      const error = await rejection(
        up({ home: otherHome, nodes: 3, basePort: otherBase, heap: HEAP }),
      );
      expect(error.message).toContain(`Port ${otherBase + 2} (node 3) is already in use`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    for (const nodeId of [1, 2, 3])
      expect(existsSync(join(otherHome, `node-${nodeId}`, 'kafka.pid'))).toBe(false);
    expect(await isPortFree(otherBase)).toBe(true);
    expect(await isPortFree(otherBase + 1)).toBe(true);
  });

  it('refuses a corrupted data folder, names the reset command, and starts nothing', async () => {
    const dataDir = join(home, 'node-1', 'data');
    rmSync(join(dataDir, 'meta.properties'));
    const error = await rejection(up({ home, basePort, heap: HEAP }));
    expect(error.message).toContain(`The data folder of node 1 (${dataDir}) looks corrupted`);
    expect(error.message).toContain(RESET_COMMAND);
    expect(existsSync(pidFile)).toBe(false);
    expect(await isPortFree(basePort)).toBe(true);
  });

  it('deletes the data on down --reset, so the reset hint really gets the user out', async () => {
    await expect(down({ home, reset: true })).resolves.toBe(0);
    expect(existsSync(join(home, 'node-1'))).toBe(false);
    expect(existsSync(join(home, 'cluster.json'))).toBe(false);
    expect(status({ home })).toEqual({ running: false, bootstrap: '', nodes: [] });
  });
});
