import { testKafka } from '@platform/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './cli';
import { BENCH_TOPIC_PREFIX } from './context';
import type { BenchResults } from './results';

const run = promisify(execFile);

/** `npm run bench -- <args>` as the CLI runs it, on the real broker. */
const bench = (args: string[]) =>
  run(process.execPath, ['-r', '@swc-node/register', 'tools/bench/src/cli.ts', ...args], {
    cwd: REPO_ROOT,
    env: process.env,
    timeout: 150_000,
  });

// The whole harness as `npm run bench` starts it, on a tiny workload against the real broker.
describe('npm run bench against the real broker', () => {
  const admin = testKafka('bench-int').admin();
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-int-'));
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('measures both baselines, writes latest.json in the contract shape and deletes its topics', async () => {
    const file = join(dir, 'latest.json');
    const benchTopics = async (): Promise<string[]> =>
      (await admin.listTopics()).filter((t) => t.startsWith(BENCH_TOPIC_PREFIX));
    const before = await benchTopics();

    const { stdout, stderr } = await bench([
      'consumer.raw-autocommit',
      'producer.raw',
      '--runs',
      '2',
      '--messages',
      '2000',
      '--out',
      file,
    ]);

    const { results } = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
    expect(results.map((r) => r.scenario)).toEqual(['consumer.raw-autocommit', 'producer.raw']);
    for (const result of results) {
      expect(result).toEqual({
        scenario: expect.any(String),
        metric: 'msgs_per_s',
        value: expect.any(Number),
        baseline: null,
        baselineValue: null,
        ratio: null,
        target: null,
        meetsTarget: null,
        runs: 2,
        messages: 2000,
        spread: {
          min: expect.any(Number),
          p25: expect.any(Number),
          p75: expect.any(Number),
          max: expect.any(Number),
        },
        samples: [expect.any(Number), expect.any(Number)],
        details: { client_cpu_us_per_msg: expect.any(Number) },
      });
      expect(result.value).toBeGreaterThan(0);
      expect(result.details?.client_cpu_us_per_msg).toBeGreaterThan(0);
      expect(result.spread.min).toBeLessThanOrEqual(result.value);
      expect(result.spread.max).toBeGreaterThanOrEqual(result.value);
    }
    expect(stdout).toMatch(/^producer\.raw +msgs_per_s +[\d,]+/m);
    expect(stderr).toContain('consumer.raw-autocommit warm-up:');
    expect(stderr).toContain('producer.raw run 2/2:');
    // Nothing of this run is left; another bench on the same broker may have removed its own meanwhile.
    const left = (await benchTopics()).filter((topic) => !before.includes(topic));
    expect(left).toEqual([]);
  }, 180_000);

  it('runs the relay with its bound on real Postgres and reports the bound in the same run', async () => {
    const file = join(dir, 'relay.json');
    const { stdout } = await bench([
      'outbox.relay',
      '--runs',
      '1',
      '--messages',
      '2000',
      '--out',
      file,
    ]);

    const { results } = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
    expect(results.map((r) => r.scenario)).toEqual([
      'producer.raw',
      'outbox.relay-bare',
      'outbox.relay',
    ]);
    const [raw, bare, relay] = results;
    // The bare relay throws unless it moved every row, so a value means all 2,000 went through.
    expect(bare.value).toBeGreaterThan(0);
    expect(relay.bound).toEqual({
      scenario: 'outbox.relay-bare',
      ratio: bare.ratio,
      targetWithinReach: expect.any(Boolean),
    });
    expect(bare.ratio).toBeCloseTo(bare.value / raw.value, 3);
    expect(stdout).toMatch(
      /^outbox\.relay +<= [\d.]+ × producer\.raw \(outbox\.relay-bare\); target >= 0\.5 is (under|ABOVE) it$/m,
    );
  }, 180_000);

  it('measures saga completions with the hop bound of the same run', async () => {
    const file = join(dir, 'saga.json');
    await bench(['saga.completions', '--runs', '1', '--messages', '600', '--out', file]);

    const { results } = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
    const [saga] = results;
    expect(saga.scenario).toBe('saga.completions');
    // Both only exist once every saga finished and every chain made its 6 hops.
    expect(saga.value).toBeGreaterThan(0);
    expect(saga.details?.hop_msgs_per_s).toBeGreaterThan(0);
    expect(saga.details?.hop_bound_pct).toBeCloseTo(
      (saga.details!.hop_msgs_per_s / saga.details!.relay_msgs_per_s) * 100,
      0,
    );
  }, 180_000);
});
