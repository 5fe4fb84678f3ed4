import { testBrokers } from '@platform/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portsInUse, WORKSPACE_ROOT } from './services';

/**
 * SIGTERM (or a Ctrl+C sent to the demo alone) before the demo is up: the services it started
 * must stop with it, not keep running on the demo's ports with no parent.
 */
describe('npm run demo stopped by a signal while it starts', () => {
  const basePort = 3441;
  const workDir = mkdtempSync(join(tmpdir(), 'demo-interrupt-'));

  let demo: ChildProcess | undefined;

  afterAll(() => {
    // A demo that ignored the signal is not left running.
    if (demo?.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
  });

  it('stops the services it started before exiting', async () => {
    const child = (demo = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/demo/src/main.ts', '--port', String(basePort)],
      {
        cwd: WORKSPACE_ROOT,
        // Embedded PGlite in the work folder: no schemas of a shared database are dropped.
        env: {
          ...process.env,
          KAFKA_BROKERS: testBrokers().join(','),
          DATABASE_URL: '',
          DEMO_WORK_DIR: workDir,
        },
      },
    ));
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => {
      const read = (chunk: Buffer): void => {
        output += chunk;
        // The services are up and placing orders: the longest stretch without a handler before.
        if (!output.includes('5/5 Orders')) return;
        child.kill('SIGTERM');
        resolve();
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      // A demo that fails before that point fails the expectations below, with its output.
      child.once('exit', () => resolve());
    });
    expect(await exited).not.toBe(0);
    expect(output).toContain('stopping the services');
    expect(await portsInUse(basePort)).toEqual([]);
  }, 240_000);
});
