import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

// The generate.* scenarios time code generation and production builds in one temporary copy of
// the workspace (generated apps never land in the repo). The copy links the repo's node_modules,
// with @platform/* pointing at the copy's own packages. Created once per bench process.

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
const SKIPPED = new Set(['node_modules', '.nx', 'dist', 'tmp', 'coverage', '.kafka-local', '.git']);

export interface GenerationWorkspace {
  root: string;
  /** `nx <args>` in the copy; rejects with the output when it fails. */
  nx(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<void>;
  /** Back to the copied state: generated apps, compose and nx.json edits and build output gone. */
  reset(): Promise<void>;
}

let shared: Promise<GenerationWorkspace> | undefined;

export function generationWorkspace(log: (line: string) => void): Promise<GenerationWorkspace> {
  shared ??= createWorkspace(log);
  return shared;
}

async function createWorkspace(log: (line: string) => void): Promise<GenerationWorkspace> {
  const root = await mkdtemp(join(tmpdir(), 'bench-generate-'));
  log(`generate: copying the workspace to ${root}`);
  await cp(REPO_ROOT, root, {
    recursive: true,
    filter: (source) => {
      const path = relative(REPO_ROOT, source);
      return path !== join('bench', 'results') && !path.split(/[\\/]/).some((part) => SKIPPED.has(part));
    },
  });
  await linkNodeModules(root);
  // 'exit' listeners run synchronously: an async rm would never finish.
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const exec = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) => run(root, command, args, env);
  await exec('git', ['init', '-q']);
  await exec('git', ['add', '-A']);
  await exec('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'base']);
  return {
    root,
    nx: (args, env) => exec(join(root, 'node_modules', '.bin', 'nx'), args, env),
    reset: async () => {
      await exec('git', ['checkout', '-q', '--', '.']);
      await exec('git', ['clean', '-fdq']);
      await rm(join(root, 'dist'), { recursive: true, force: true });
    },
  };
}

function run(cwd: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_INTERACTIVE: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`)),
    );
  });
}

async function linkNodeModules(root: string): Promise<void> {
  const installed = join(REPO_ROOT, 'node_modules');
  await mkdir(join(root, 'node_modules', '@platform'), { recursive: true });
  for (const entry of await readdir(installed)) {
    if (entry !== '@platform' && entry !== '.cache') await symlink(join(installed, entry), join(root, 'node_modules', entry));
  }
  for (const dir of [join(root, 'generators'), ...(await children(join(root, 'libs'))), ...(await children(join(root, 'tools')))]) {
    try {
      const { name } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf-8')) as { name?: string };
      if (name?.startsWith('@platform/')) await symlink(dir, join(root, 'node_modules', name));
    } catch {
      // not a package
    }
  }
}

async function children(dir: string): Promise<string[]> {
  return (await readdir(dir)).map((child) => join(dir, child));
}
