import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArchitectureArgs } from './cli';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

/** The CLI as `npm run docs:architecture` runs it, on a page in a temporary directory. */
function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  // CI sets FORCE_COLOR and Jest NO_COLOR: Node warns on stderr when it gets both.
  const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = process.env;
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'cli.ts'), ...args],
    {
      cwd: WORKSPACE_ROOT,
      encoding: 'utf-8',
      env,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('parseArchitectureArgs', () => {
  it('takes --check and --doc', () => {
    expect(parseArchitectureArgs(['--check', '--doc', '/tmp/a.md'])).toEqual({
      check: true,
      doc: '/tmp/a.md',
    });
  });

  it('refuses an unknown option with the usage', () => {
    expect(() => parseArchitectureArgs(['--fix'])).toThrow(
      'Unknown or incomplete option "--fix". usage: docs:architecture [--check] [--doc FILE]',
    );
  });
});

describe('docs:architecture', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'architecture-cli-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--check exits 1 and says how to fix a page that is out of date; a run fixes it', () => {
    const doc = join(dir, 'architecture.md');
    writeFileSync(
      doc,
      '# Page\n\n<!-- architecture:begin -->\n<!-- architecture:end -->\n\nAfter.\n',
    );

    const stale = runCli(['--check', '--doc', doc]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(
      'is out of date: its diagram no longer matches the topic catalogs and handlers in apps/.',
    );
    expect(stale.stderr).toContain('Run `npm run docs:architecture` and commit the result.');
    expect(stale.stderr).toContain(
      '+   svc_orders_service -->|publishes| topic_orders__order__created',
    );

    expect(runCli(['--doc', doc]).status).toBe(0);
    expect(readFileSync(doc, 'utf-8')).toMatch(
      /^# Page\n\n<!-- architecture:begin[^\n]*\n<!-- prettier-ignore-start -->\n```mermaid\nflowchart LR\n[\s\S]*\n<!-- architecture:end -->\n\nAfter\.\n$/,
    );

    const fresh = runCli(['--check', '--doc', doc]);
    expect(fresh).toMatchObject({ status: 0, stderr: '' });
    expect(fresh.stdout).toContain('is up to date.');
  });

  it('exits 1 on a page without markers', () => {
    const doc = join(dir, 'no-markers.md');
    writeFileSync(doc, '# Page\n');
    const result = runCli(['--check', '--doc', doc]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('has no generated section');
  });
});
