import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import * as ts from 'typescript';
import { runRenameCli } from './cli';
import { scopeOfPackageName } from './scope';
import { git } from './testing/git-workspace';

/**
 * The rename on a clone of this repository (its last commit), proved two ways:
 * - no tracked file names the old scope any more (git grep, not the tool's own code);
 * - every project still typechecks in one program whose node_modules holds the installed packages
 *   WITHOUT the old scope, and the workspace packages linked the way npm links them, by the names
 *   in their renamed package.json files. A leftover `import ... from '<old scope>/x'`, a package
 *   whose name was missed or a lockfile link still under the old scope fails the test.
 */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('npm run rename on a clone of this repository', () => {
  let clone: string;
  let from: string;
  let to: string;
  let output: { code: number; out: string; err: string };

  beforeAll(async () => {
    clone = mkdtempSync(join(tmpdir(), 'rename-e2e-'));
    execFileSync('git', ['clone', '-q', REPO_ROOT, clone]);
    from = scopeOfPackageName(readJson<{ name: string }>(join(clone, 'package.json')).name) ?? '';
    to = from === '@acme' ? '@example' : '@acme'; // a fork of a fork renames its own scope
    const out: string[] = [];
    const err: string[] = [];
    const code = await runRenameCli(['--scope', to], {
      cwd: clone,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    output = { code, out: out.join('\n'), err: err.join('\n') };
  }, 60_000);

  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it('renames, then names npm install as the next step', () => {
    expect(output).toMatchObject({ code: 0, err: '' });
    expect(output.out).toContain(`Renaming ${from} → ${to}: `);
    expect(output.out).toContain(`npm install   links node_modules/${to}/* to the workspaces`);
  });

  it('leaves no mention of the old scope in any tracked file, and only modifies files', () => {
    // The scope as a name: not inside an e-mail address or a longer scope (@acme-corp).
    const name = `(^|[^A-Za-z0-9_.~@-])${from.replace(/[.~-]/g, '[$&]')}([^A-Za-z0-9_~-]|$)`;
    const grep = spawnSync('git', ['grep', '-n', '-E', '-e', name], {
      cwd: clone,
      encoding: 'utf8',
    });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1); // git grep: 1 = no match
    const status = git(clone, ['status', '--porcelain', '--untracked-files=all']);
    expect(status.split('\n').filter((line) => line && !line.startsWith(' M '))).toEqual([]);
  });

  it('is a no-op when run again with the same scope', async () => {
    const before = git(clone, ['diff']);
    const out: string[] = [];
    const code = await runRenameCli(['--scope', to, '--force'], {
      cwd: clone,
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });
    expect({ code, out }).toEqual({
      code: 0,
      out: [`Nothing to do: the workspace's scope is already ${to} (package.json: ${to}/source).`],
    });
    expect(git(clone, ['diff'])).toBe(before);
  });

  it('leaves a lockfile that links every workspace package under the new scope, as npm ci needs', () => {
    const workspaces = workspacePackages(clone);
    expect(workspaces.size).toBeGreaterThan(5);
    const lock = readJson<{
      packages: Record<string, { name?: string; resolved?: string; link?: boolean }>;
    }>(join(clone, 'package-lock.json'));
    const links = new Map(
      Object.entries(lock.packages)
        .filter(([, entry]) => entry.link)
        .map(([location, entry]) => [location.replace(/^node_modules\//, ''), entry.resolved]),
    );
    expect(links).toEqual(workspaces);
    for (const [name, dir] of workspaces) {
      expect(name.startsWith(`${to}/`)).toBe(true);
      expect(lock.packages[dir]?.name).toBe(name);
    }
  });

  it('typechecks every project with only the new scope installed', () => {
    linkNodeModules(clone, from, workspacePackages(clone));
    const [someName, someDir] = [...workspacePackages(clone)][0];
    const resolveFromRoot = (name: string) =>
      ts.resolveModuleName(name, join(clone, 'index.ts'), {}, ts.sys).resolvedModule
        ?.resolvedFileName;
    // The proof is only as good as its node_modules: the new names resolve to the clone's own
    // sources, the old ones resolve nowhere.
    expect(resolveFromRoot(someName)).toMatch(
      new RegExp(`^${realpathSync(join(clone, someDir))}/`),
    );
    expect(resolveFromRoot(someName.replace(to, from))).toBeUndefined();

    writeFileSync(
      join(clone, 'tsconfig.rename-check.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node', 'jest'] },
        include: projectIncludes(clone),
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        'tsconfig.rename-check.json',
      ],
      { cwd: clone, encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 180_000);
});

/** package name → directory, for every workspace folder with a package.json (npm's globs: dir or dir/*). */
function workspacePackages(root: string): Map<string, string> {
  const globs = readJson<{ workspaces: string[] }>(join(root, 'package.json')).workspaces;
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(join(root, parent)).map((child) => posix.join(parent, child));
  });
  const packages = new Map<string, string>();
  for (const dir of dirs.sort()) {
    const manifest = join(root, dir, 'package.json');
    if (existsSync(manifest)) packages.set(readJson<{ name: string }>(manifest).name, dir);
  }
  return packages;
}

/**
 * node_modules as `npm install` would leave it after the rename: the repository's installed
 * packages (symlinked, nothing is installed), minus both scopes, plus the clone's workspaces
 * linked under their package.json names.
 */
function linkNodeModules(root: string, from: string, workspaces: Map<string, string>): void {
  const installed = join(REPO_ROOT, 'node_modules');
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  const skip = new Set([
    '.cache',
    '.package-lock.json',
    from,
    ...[...workspaces.keys()].map(scope),
  ]);
  for (const entry of readdirSync(installed)) {
    if (!skip.has(entry)) symlinkSync(join(installed, entry), join(modules, entry));
  }
  for (const [name, dir] of workspaces) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(root, dir), join(modules, name));
  }
}

const scope = (name: string) => name.split('/')[0];

/** The `include` globs of every project's tsconfig.json, relative to the workspace root. */
function projectIncludes(root: string): string[] {
  return git(root, ['ls-files', '*/tsconfig.json'])
    .split('\n')
    .filter(Boolean)
    .flatMap(
      (path) =>
        readJson<{ include?: string[] }>(join(root, path)).include?.map((glob) =>
          posix.normalize(posix.join(posix.dirname(path), glob)),
        ) ?? [],
    );
}
