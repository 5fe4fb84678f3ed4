import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KAFKA_VERSION } from './cluster-settings';
import { up } from './cluster';
import { KafkaLocalError } from './errors';
import { nodePaths } from './layout';

describe('up() on a cluster that already runs', () => {
  let home: string;
  let broker: ChildProcess | undefined;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'kafka-local-cluster-'));
  });
  afterEach(() => {
    broker?.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });

  /**
   * A stand-in for a running broker of `kafkaVersion`: cluster.json says so, and the pid file
   * names a live process whose command line has the node's server.properties, which is all
   * kafka-local looks at. No java is started.
   */
  const runningBroker = async (kafkaVersion: string): Promise<number> => {
    const node = nodePaths(home, 1);
    mkdirSync(node.dir, { recursive: true });
    writeFileSync(
      join(home, 'cluster.json'),
      JSON.stringify({ nodeCount: 1, basePort: 39092, kafkaVersion }),
    );
    broker = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', node.configFile], {
      stdio: 'ignore',
    });
    await new Promise((resolve) => broker?.once('spawn', resolve));
    writeFileSync(node.pidFile, String(broker.pid));
    return broker.pid as number;
  };

  it('returns its bootstrap when it runs this checkout’s Kafka version', async () => {
    await runningBroker(KAFKA_VERSION);
    await expect(up({ home })).resolves.toBe('127.0.0.1:39092');
  });

  it('refuses a broker of another Kafka version instead of testing against it silently', async () => {
    await runningBroker('3.9.0');
    const error = await up({ home }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(KafkaLocalError);
    expect((error as KafkaLocalError).message).toContain(
      `runs Kafka 3.9.0, but this checkout uses Kafka ${KAFKA_VERSION}`,
    );
    expect((error as KafkaLocalError).hint).toContain('npm run kafka:down && npm run kafka:up');
  });
});
