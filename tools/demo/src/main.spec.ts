import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './services';

/** Never created by a refusal; a demo that did not refuse would work here, not in .demo/. */
const workDir = join(tmpdir(), 'demo-main-spec-never-created');

/** npm run demo with arguments it must refuse before it touches anything. */
function demo(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', 'tools/demo/src/main.ts', ...args],
    {
      cwd: WORKSPACE_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        KAFKA_BROKERS: '127.0.0.1:1',
        DATABASE_URL: '',
        DEMO_WORK_DIR: workDir,
      },
    },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm run demo --port', () => {
  it.each(['0', '65534'])(
    'refuses --port %s with the usage: its three ports are not all valid',
    (port) => {
      const run = demo('--port', port, '--once');
      expect(run.status).toBe(2);
      expect(run.output).toContain(`demo: unknown or incomplete option "--port"`);
      expect(run.output).toContain('--port N     first of three ports');
    },
  );
});
