import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testBrokers } from '@platform/testing';
import {
  committedOffsets,
  createTestTopology,
  eventMessage,
  highWatermarks,
  produce,
  provision,
  type TestTopology,
  waitFor,
} from './consumer.spec-helper';

const REPO_ROOT = resolve(__dirname, '../../../..');
const FIXTURE = join(__dirname, 'fixtures/file-recording-consumer.ts');

interface Handled {
  partition: number;
  offset: bigint;
  id: string;
}

function readHandled(file: string): Handled[] {
  if (!existsSync(file)) return [];
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      // A line cut short by the kill is not a handled event yet.
      .filter((line) => /^\d+ \d+ e-\d+$/.test(line))
      .map((line) => {
        const [partition, offset, id] = line.split(' ');
        return { partition: Number(partition), offset: BigInt(offset), id };
      })
  );
}

describe('manual-commit consumer: the process is killed with SIGKILL mid-stream', () => {
  const EVENTS = 5_000;
  const PARTITIONS = 6;
  let topology: TestTopology;
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'consumer-crash-'));

  function startConsumer(outFile: string): ChildProcess {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        KAFKA_BROKERS: testBrokers().join(','),
        TOPIC: topology.topic,
        SERVICE: topology.service,
        PARTITIONS: String(PARTITIONS),
        OUT_FILE: outFile,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }

  function exited(child: ChildProcess): Promise<void> {
    return child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((done) => child.once('exit', () => done()));
  }

  beforeAll(async () => {
    topology = await createTestTopology(PARTITIONS);
    await provision(topology, {
      subscriptions: [{ topic: topology.topic }],
      retry: { retryTopicDelaysMs: [] },
    });
    await produce(
      topology.kafka,
      topology.topic,
      Array.from({ length: EVENTS }, (_, i) =>
        eventMessage(topology.topic, `order-${i % 300}`, { id: `e-${i}`, seq: i }),
      ),
    );
  });

  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await topology.admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('handles every event at least once, re-handling only what was handled after the last commit', async () => {
    const firstFile = join(dir, 'first.log');
    const secondFile = join(dir, 'second.log');
    const first = startConsumer(firstFile);
    await waitFor('some progress', () => readHandled(firstFile).length >= 1_000, 30_000);
    first.kill('SIGKILL');
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');
    const handledFirst = readHandled(firstFile);
    expect(handledFirst.length).toBeLessThan(EVENTS);
    // A commit written to the socket just before the kill is processed anyway: read after a pause.
    await new Promise((done) => setTimeout(done, 500));
    const committedAtKill = await committedOffsets(
      topology.admin,
      topology.service,
      topology.topic,
    );

    // Every committed offset was handled first: commit means "handled", never "fetched".
    for (const [partition, committed] of committedAtKill) {
      const handled = new Set(
        handledFirst.filter((h) => h.partition === partition).map((h) => h.offset),
      );
      for (let offset = 0n; offset < (committed ?? 0n); offset++)
        expect(handled.has(offset)).toBe(true);
    }

    const second = startConsumer(secondFile);
    await waitFor(
      'every event',
      () => new Set([...handledFirst, ...readHandled(secondFile)].map((h) => h.id)).size === EVENTS,
      60_000,
    );
    second.kill('SIGTERM');
    await exited(second);
    expect(second.exitCode).toBe(0);

    const handledSecond = readHandled(secondFile);
    // The restart resumes exactly at the committed offsets: nothing before them comes again.
    for (const h of handledSecond)
      expect(h.offset).toBeGreaterThanOrEqual(committedAtKill.get(h.partition) ?? 0n);
    const all = [...handledFirst, ...handledSecond];
    if (process.env.DEBUG_CRASH)
      console.log({ first: handledFirst.length, second: handledSecond.length, committedAtKill });
    const counts = new Map<string, number>();
    for (const h of all)
      counts.set(`${h.partition}:${h.offset}`, (counts.get(`${h.partition}:${h.offset}`) ?? 0) + 1);
    const high = await highWatermarks(topology.admin, topology.topic);
    for (const [partition, end] of high) {
      for (let offset = 0n; offset < end; offset++) {
        const times = counts.get(`${partition}:${offset}`) ?? 0;
        expect(times).toBeGreaterThanOrEqual(1);
        // Duplicates only for offsets at or after the last commit before the kill.
        if (times > 1) expect(offset).toBeGreaterThanOrEqual(committedAtKill.get(partition) ?? 0n);
      }
    }
    // The graceful stop of the second process committed everything it handled.
    expect(await committedOffsets(topology.admin, topology.service, topology.topic)).toEqual(high);
  }, 120_000);
});
