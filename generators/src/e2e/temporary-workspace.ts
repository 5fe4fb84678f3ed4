import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Never copied: installs, caches, build output and local broker state. */
const SKIPPED = new Set(['node_modules', '.nx', 'dist', 'tmp', 'coverage', '.kafka-local', '.git']);

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * A copy of the workspace in the temp directory, so generated apps never land in the repo. Its
 * node_modules links every installed package of the repo, except the workspace packages
 * (@platform/*), which link to the copy's own libs: the copy runs its own sources.
 */
export class TemporaryWorkspace {
  private constructor(readonly root: string) {}

  static async create(prefix: string): Promise<TemporaryWorkspace> {
    const root = await mkdtemp(join(tmpdir(), `${prefix}-`));
    await cp(REPO_ROOT, root, {
      recursive: true,
      filter: (source) => {
        const path = relative(REPO_ROOT, source);
        return path !== join('bench', 'results') && !path.split(/[\\/]/).some((part) => SKIPPED.has(part));
      },
    });
    await linkNodeModules(root);
    const workspace = new TemporaryWorkspace(root);
    // A git repository, so "nothing changed" can be asked of git.
    await workspace.exec('git', ['init', '-q']);
    await workspace.exec('git', ['add', '-A']);
    await workspace.exec('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', 'commit', '-qm', 'base']);
    return workspace;
  }

  /** `nx <args>` in the copy, without the daemon (one-shot processes on a shared machine). */
  nx(args: readonly string[], timeoutMs = 10 * 60_000): Promise<CommandResult> {
    return this.exec(join(this.root, 'node_modules', '.bin', 'nx'), args, timeoutMs);
  }

  exec(command: string, args: readonly string[], timeoutMs = 60_000, env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    return run(command, args, { cwd: this.root, timeoutMs, env });
  }

  async gitStatus(): Promise<string> {
    return (await this.exec('git', ['status', '--porcelain', '--untracked-files=all'])).output;
  }

  async remove(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

export function run(
  command: string,
  args: readonly string[],
  { cwd, timeoutMs, env = {} }: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_INTERACTIVE: 'false', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${basename(command)} ${args.join(' ')} took longer than ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, output });
    });
  });
}

async function linkNodeModules(root: string): Promise<void> {
  const installed = join(REPO_ROOT, 'node_modules');
  const modules = join(root, 'node_modules');
  await mkdir(join(modules, '@platform'), { recursive: true });
  for (const entry of await readdir(installed)) {
    if (entry === '@platform' || entry === '.cache') continue;
    await symlink(join(installed, entry), join(modules, entry));
  }
  for (const dir of ['libs', 'tools', '.']) {
    const parent = join(root, dir);
    const candidates = dir === '.' ? ['generators'] : await readdir(parent);
    for (const candidate of candidates) {
      const name = await packageName(join(parent, candidate));
      if (name?.startsWith('@platform/')) await symlink(join(parent, candidate), join(modules, name));
    }
  }
}

async function packageName(dir: string): Promise<string | undefined> {
  try {
    return (JSON.parse(await readFile(join(dir, 'package.json'), 'utf-8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}
