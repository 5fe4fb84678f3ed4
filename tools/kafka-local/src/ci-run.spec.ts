/**
 * .ci/run against stand-ins for npm, pg_isready and pg_ctlcluster: what it starts, what it stops, and its exit
 * code, when the tests fail, when the broker cannot start, and when it is interrupted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './layout';
import { isAlive } from './processes';

// Records each call; kafka:up/down flip a marker that kafka:status reports; `npm test` records
// its pid and runs for TEST_SECONDS, then exits with TEST_STATUS.
const FAKE_NPM = `#!/usr/bin/env bash
echo "$*" >> "$STATE/calls"
case "$*" in
  "run -s kafka:status") [ -e "$STATE/kafka" ] || exit 3; echo "kafka-local: KAFKA_BROKERS=127.0.0.1:1" ;;
  "run -s kafka:up") [ -z "$FAIL_UP" ] || { echo "kafka-local: Port 9092 is already in use"; exit 1; }; touch "$STATE/kafka" ;;
  "run -s kafka:down") rm -f "$STATE/kafka"
    if [ -e "$STATE/tests.pid" ] && kill -0 "$(cat "$STATE/tests.pid")" 2>/dev/null; then echo "tests still running" >> "$STATE/calls"; fi ;;
  test) echo $$ > "$STATE/tests.pid"; echo "Tests: 1 passed, 1 total"; sleep "$TEST_SECONDS"; exit "$TEST_STATUS" ;;
esac
exit 0
`;

const FAKE_PG_CTLCLUSTER = `#!/usr/bin/env bash
echo "pg_ctlcluster $*" >> "$STATE/calls"
case "$*" in
  *start) [ -n "$PG_NEVER_READY" ] || touch "$STATE/postgres"; [ -z "$PG_START_FAILS" ] || exit 1 ;;
  *stop) rm -f "$STATE/postgres" ;;
esac
`;

describe('.ci/run', () => {
  let dir: string;
  let state: string;
  let child: ChildProcess | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ci-run-'));
    state = join(dir, 'state');
    mkdirSync(join(dir, 'repo', '.ci'), { recursive: true });
    mkdirSync(join(dir, 'bin'));
    mkdirSync(state);
    copyFileSync(join(repoRoot(), '.ci', 'run'), join(dir, 'repo', '.ci', 'run'));
    writeFileSync(join(dir, 'bin', 'npm'), FAKE_NPM);
    // Postgres is "ready" once the fake pg_ctlcluster started it.
    writeFileSync(
      join(dir, 'bin', 'pg_isready'),
      '#!/bin/sh\n[ -n "$DATABASE_URL" ] || [ -e "$STATE/postgres" ]\n',
    );
    writeFileSync(join(dir, 'bin', 'pg_ctlcluster'), FAKE_PG_CTLCLUSTER);
    for (const tool of ['npm', 'pg_isready', 'pg_ctlcluster'])
      chmodSync(join(dir, 'bin', tool), 0o755);
  });
  afterEach(() => {
    const testsPid = join(state, 'tests.pid');
    if (existsSync(testsPid)) {
      try {
        process.kill(Number(readFileSync(testsPid, 'utf8')), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (env: Record<string, string> = {}): ChildProcess => {
    const { KAFKA_BROKERS: _brokers, ...inherited } = process.env;
    child = spawn('bash', [join(dir, 'repo', '.ci', 'run')], {
      env: {
        ...inherited,
        PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
        STATE: state,
        TEST_SECONDS: '0',
        TEST_STATUS: '0',
        FAIL_UP: '',
        PG_NEVER_READY: '',
        PG_START_FAILS: '',
        ...env,
      },
      stdio: 'ignore',
    });
    return child;
  };
  const exitOf = (process: ChildProcess): Promise<number | null> =>
    new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  const calls = (): string[] => readFileSync(join(state, 'calls'), 'utf8').trim().split('\n');
  const testsStarted = async (): Promise<number> => {
    while (!existsSync(join(state, 'tests.pid')))
      await new Promise((resolve) => setTimeout(resolve, 50));
    return Number(readFileSync(join(state, 'tests.pid'), 'utf8'));
  };

  it('exits with the tests’ status and stops the broker it started', async () => {
    const exit = exitOf(run({ TEST_STATUS: '1' }));
    expect(await exit).toBe(1);
    expect(calls()).toEqual([
      'ci --no-audit --no-fund',
      'run -s kafka:status',
      'run -s kafka:up',
      'run -s kafka:status',
      'test',
      'run -s kafka:down',
    ]);
  });

  it('starts the newest installed Postgres cluster when none answers, and stops it', async () => {
    const root = join(dir, 'postgresql');
    for (const cluster of ['9.6/main', '13/main', '15/main', '16/other'])
      mkdirSync(join(root, cluster), { recursive: true });
    const exit = exitOf(run({ DATABASE_URL: '', POSTGRES_CONF_ROOT: root }));
    expect(await exit).toBe(0);
    const postgres = calls().filter((call) => call.startsWith('pg_ctlcluster'));
    expect(postgres).toEqual([
      'pg_ctlcluster --skip-systemctl-redirect 15 main start',
      'pg_ctlcluster --skip-systemctl-redirect 15 main stop',
    ]);
  });

  it('fails, without running the tests, when no Postgres answers and none is installed', async () => {
    const exit = exitOf(run({ DATABASE_URL: '', POSTGRES_CONF_ROOT: join(dir, 'none') }));
    expect(await exit).not.toBe(0);
    expect(calls()).not.toContain('test');
  });

  it('fails, without running the tests, when the Postgres it started never answers, and stops it', async () => {
    const root = join(dir, 'postgresql');
    mkdirSync(join(root, '16', 'main'), { recursive: true });
    // The wait for Postgres sleeps 1 s per try: no need to really wait here.
    writeFileSync(join(dir, 'bin', 'sleep'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, 'bin', 'sleep'), 0o755);
    const exit = exitOf(run({ DATABASE_URL: '', POSTGRES_CONF_ROOT: root, PG_NEVER_READY: '1' }));
    expect(await exit).not.toBe(0);
    expect(calls()).not.toContain('test');
    expect(calls()).not.toContain('run -s kafka:up');
    expect(calls()).toContain('pg_ctlcluster --skip-systemctl-redirect 16 main stop');
  });

  it('stops a Postgres whose start reported a failure (pg_ctl gave up waiting, the server came up anyway)', async () => {
    const root = join(dir, 'postgresql');
    mkdirSync(join(root, '16', 'main'), { recursive: true });
    const exit = exitOf(run({ DATABASE_URL: '', POSTGRES_CONF_ROOT: root, PG_START_FAILS: '1' }));
    expect(await exit).not.toBe(0);
    expect(calls()).not.toContain('test');
    expect(calls()).toContain('pg_ctlcluster --skip-systemctl-redirect 16 main stop');
  });

  it('fails, without running the tests, when the broker cannot start', async () => {
    const exit = exitOf(run({ FAIL_UP: '1' }));
    expect(await exit).not.toBe(0);
    expect(calls()).not.toContain('test');
    expect(calls()).toContain('run -s kafka:down');
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'on %s stops the running tests, then the broker, and exits %i',
    async (signal, code) => {
      const script = run({ TEST_SECONDS: '60' });
      const exit = exitOf(script);
      const testsPid = await testsStarted();
      script.kill(signal);
      expect(await exit).toBe(code);
      expect(isAlive(testsPid)).toBe(false);
      expect(calls()).toContain('run -s kafka:down');
      expect(calls()).not.toContain('tests still running');
    },
    20_000,
  );
});
