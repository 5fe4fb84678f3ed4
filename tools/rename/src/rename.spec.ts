import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runRenameCli } from './cli';
import { RenameWriteError } from './errors';
import { formatLikeNpm } from './npm-lockfile';
import { renameWorkspace } from './rename';
import { atomicWriter } from './write-plan';
import {
  commitAll,
  createWorkspace,
  git,
  removeWorkspace,
  snapshot,
  writeFiles,
} from './testing/git-workspace';

const FILES = {
  '.gitignore': 'node_modules/\ndist/\n',
  'package.json': `${JSON.stringify({ name: '@oldscope/source', workspaces: ['libs/*'] }, null, 2)}\n`,
  'package-lock.json': formatLikeNpm({
    name: '@oldscope/source',
    lockfileVersion: 3,
    packages: {
      '': { name: '@oldscope/source', workspaces: ['libs/*'] },
      'libs/kafka': { name: '@oldscope/kafka' },
      'node_modules/@nestjs/common': { version: '11.1.9' },
      'node_modules/@oldscope/kafka': { resolved: 'libs/kafka', link: true },
    },
  }),
  'libs/kafka/package.json': '{ "name": "@oldscope/kafka" }\n',
  'libs/saga/src/index.ts': "export { a } from '@oldscope/kafka';\n",
  'README.md': 'Mail me@oldscope.io. The oldscope_migrations table stays.\n',
  'logo.png': Buffer.from([0x89, 0x00, ...Buffer.from('@oldscope/kafka')]),
  // Ignored: never read, never written.
  'node_modules/@oldscope/kafka/index.js': "require('@oldscope/kafka');\n",
  'dist/main.js': "require('@oldscope/kafka');\n",
};

async function cli(
  root: string,
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  signal?: AbortSignal,
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRenameCli(argv, {
    cwd: root,
    env,
    signal,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

describe('npm run rename (on a temp git workspace)', () => {
  let root: string;
  beforeEach(() => {
    root = createWorkspace(FILES, { commit: true });
  });
  afterEach(() => removeWorkspace(root));

  it('--dry-run prints each file and its count and writes nothing', async () => {
    const before = snapshot(root);
    const result = await cli(root, ['--scope', '@acme', '--dry-run']);
    expect(result).toEqual({
      code: 0,
      err: '',
      out: [
        'Would rename @oldscope → @acme: 4 files, 7 places:',
        '     1  libs/kafka/package.json',
        '     1  libs/saga/src/index.ts',
        '     4  package-lock.json',
        '     1  package.json',
        'Left as they are (not UTF-8 text, yet they mention @oldscope): check them by hand:',
        '  logo.png',
        'Dry run: nothing was written. Run again without --dry-run to apply it.',
      ].join('\n'),
    });
    expect(snapshot(root)).toEqual(before);
  });

  it('renames every listed file, reports progress and the next step, touches nothing ignored', async () => {
    const result = await cli(root, ['--scope', '@acme']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Renaming @oldscope → @acme: 4 files, 7 places.');
    expect(result.out).toContain('  [1/4] libs/kafka/package.json (1)');
    expect(result.out).toContain('  [4/4] package.json (1)');
    expect(result.out).toContain('  npm install   links node_modules/@acme/* to the workspaces');
    expect(result.out).toContain('package-lock.json is already as npm writes it');
    expect(result.out).toContain('git commit -am "chore: rename the npm scope to @acme"');

    expect(read(root, 'libs/saga/src/index.ts')).toBe("export { a } from '@acme/kafka';\n");
    expect(JSON.parse(read(root, 'package.json')).name).toBe('@acme/source');
    expect(Object.keys(JSON.parse(read(root, 'package-lock.json')).packages)).toEqual([
      '',
      'libs/kafka',
      'node_modules/@acme/kafka',
      'node_modules/@nestjs/common',
    ]);
    expect(read(root, 'README.md')).toBe(FILES['README.md']);
    expect(read(root, 'node_modules/@oldscope/kafka/index.js')).toContain('@oldscope/kafka');
    expect(read(root, 'dist/main.js')).toContain('@oldscope/kafka');
    expect(readFileSync(join(root, 'logo.png'))).toEqual(FILES['logo.png']);
    expect(git(root, ['status', '--porcelain']).split('\n').filter(Boolean).sort()).toEqual([
      ' M libs/kafka/package.json',
      ' M libs/saga/src/index.ts',
      ' M package-lock.json',
      ' M package.json',
    ]);
  });

  it('is a no-op, with a clear message, when run again with the same scope', async () => {
    expect((await cli(root, ['--scope', '@acme'])).code).toBe(0);
    commitAll(root, 'rename');
    const before = snapshot(root);
    expect(await cli(root, ['--scope', '@acme'])).toEqual({
      code: 0,
      err: '',
      out: "Nothing to do: the workspace's scope is already @acme (package.json: @acme/source).",
    });
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses a dirty work tree unless --force, and says why', async () => {
    writeFileSync(join(root, 'libs/saga/src/index.ts'), "export { b } from '@oldscope/kafka';\n");
    writeFiles(root, { 'libs/saga/src/new.ts': "import '@oldscope/kafka';\n" });
    const before = snapshot(root);
    const refused = await cli(root, ['--scope', '@acme']);
    expect(refused).toEqual({
      code: 1,
      out: '',
      err: 'rename: The work tree has uncommitted changes (2 paths: libs/saga/src/index.ts, libs/saga/src/new.ts). Commit or stash them first, so the rename is one diff of its own that you can review and revert; or pass --force to rename on top of them.',
    });
    expect(snapshot(root)).toEqual(before);

    const dryRun = await cli(root, ['--scope', '@acme', '--dry-run']);
    expect(dryRun.code).toBe(0);
    expect(dryRun.out).toMatch(/^Note: The work tree has uncommitted changes/);
    expect(snapshot(root)).toEqual(before);

    expect((await cli(root, ['--scope', '@acme', '--force'])).code).toBe(0);
    // An untracked file that is not ignored belongs to the workspace: it is renamed too.
    expect(read(root, 'libs/saga/src/new.ts')).toBe("import '@acme/kafka';\n");
    expect(read(root, 'libs/saga/src/index.ts')).toBe("export { b } from '@acme/kafka';\n");
  });

  it('accepts a scope other dependencies use; refuses one where a package name collides', async () => {
    const lockWith = (installed: string) =>
      formatLikeNpm({
        ...JSON.parse(FILES['package-lock.json']),
        packages: {
          ...JSON.parse(FILES['package-lock.json']).packages,
          [`node_modules/${installed}`]: { version: '1.0.0' },
        },
      });
    writeFiles(root, { 'package-lock.json': lockWith('@acme/kafka') });
    commitAll(root, 'install @acme/kafka');
    const before = snapshot(root);
    expect(await cli(root, ['--scope', '@acme'])).toEqual({
      code: 2,
      out: '',
      err: [
        'rename: Renaming to @acme would give workspace packages the names of dependencies you have:',
        '  @oldscope/kafka → @acme/kafka, a dependency (package-lock.json)',
        'npm cannot install a package and link a workspace under one name. Choose another scope, or give those workspace packages other names first.',
      ].join('\n'),
    });
    expect(snapshot(root)).toEqual(before);

    writeFiles(root, { 'package-lock.json': lockWith('@acme/logger') });
    commitAll(root, 'install @acme/logger instead');
    expect((await cli(root, ['--scope', '@acme'])).code).toBe(0);
    expect(JSON.parse(read(root, 'package.json')).name).toBe('@acme/source');
  });

  it('refuses when the current scope holds packages that are not in the workspace', async () => {
    writeFiles(root, {
      'libs/kafka/package.json':
        '{ "name": "@oldscope/kafka", "dependencies": { "@oldscope/logger": "^1.0.0" } }\n',
    });
    commitAll(root, 'depend on @oldscope/logger');
    const before = snapshot(root);
    const result = await cli(root, ['--scope', '@acme']);
    expect(result.code).toBe(2);
    expect(result.err.split('\n').slice(0, 2)).toEqual([
      'rename: Scope @oldscope also holds packages that are not in this workspace:',
      '  @oldscope/logger (libs/kafka/package.json)',
    ]);
    expect(snapshot(root)).toEqual(before);
  });

  it('after a failed write, the undo it prints restores the work tree, and a second run finishes', async () => {
    const before = snapshot(root);
    const failing = {
      checkWritable: async () => undefined,
      write: async (path: string, content: string) => {
        if (path.endsWith('package-lock.json')) throw new Error('ENOSPC: no space left on device');
        await atomicWriter.write(path, content);
      },
    };
    const options = { root, scope: '@acme', dryRun: false, force: false };
    const error = await renameWorkspace({ ...options, writer: failing }, () => undefined).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RenameWriteError);
    const message = (error as RenameWriteError).message;
    expect(message).toContain('The rename is incomplete: 2 of 4 files written:');
    const undo = /git checkout -- (.*)$/m.exec(message)?.[1].split(' ') ?? [];
    expect(undo).toEqual(['libs/kafka/package.json', 'libs/saga/src/index.ts']);
    // The root package.json is written last: the workspace still says @oldscope, so a rerun
    // does not mistake the half-done rename for a finished one.
    expect(JSON.parse(read(root, 'package.json')).name).toBe('@oldscope/source');
    const rerun = await cli(root, ['--scope', '@acme', '--dry-run']);
    expect(rerun.out).toContain('Would rename @oldscope → @acme');

    git(root, ['checkout', '--', ...undo]);
    expect(snapshot(root)).toEqual(before);
  });

  it('exits 130 after Ctrl-C, having written nothing when it came before the first file', async () => {
    const before = snapshot(root);
    const interrupted = await cli(root, ['--scope', '@acme'], {}, AbortSignal.abort());
    expect(interrupted.code).toBe(130);
    expect(interrupted.err).toMatch(
      /^rename: Interrupted before \S+\. The rename is incomplete: 0 of 4 files written\./,
    );
    expect(snapshot(root)).toEqual(before);
  });

  it('shows the usage for bad input, and notices when npm took --scope for itself', async () => {
    const unknown = await cli(root, ['--scope', '@acme', '--yes']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /^rename: Unknown option "--yes": the options are --scope, --dry-run and --force.\nusage:/,
    );
    const npmTookIt = await cli(root, [], { npm_config_scope: '@acme' });
    expect(npmTookIt.err.split('\n').slice(0, 2)).toEqual([
      'rename: Missing --scope: npm run rename -- --scope @acme.',
      "rename: npm took --scope @acme for itself: put -- before the tool's options.",
    ]);
  });
});

describe('npm run rename (outside a git work tree)', () => {
  it('refuses, naming why it needs git', async () => {
    const root = createWorkspace(FILES, { commit: false });
    // Even when the temp directory lies inside a repository, git must not look above root.
    const ceiling = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = dirname(root);
    try {
      const result = await cli(root, ['--scope', '@acme']);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        new RegExp(
          `^rename: ${root} is not a git work tree \\(fatal: .*\\): the rename works from git's file list so that node_modules, dist and ignored files are never touched\\. Run it in a clone of your fork\\.$`,
        ),
      );
      expect(snapshot(root).get('package.json')).toBe(
        Buffer.from(FILES['package.json']).toString('base64'),
      );
    } finally {
      if (ceiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = ceiling;
      removeWorkspace(root);
    }
  });
});
