import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RenameRefusedError, RenameWriteError } from './errors';
import { type FileEdit, type RenamePlan } from './plan';
import { createWorkspace, removeWorkspace, snapshot } from './testing/git-workspace';
import {
  atomicWriter,
  type PlanWriter,
  writeFileAtomic,
  writeOrder,
  writePlan,
} from './write-plan';

const edit = (path: string): FileEdit => ({ path, count: 1, content: `@acme in ${path}\n` });

const plan = (paths: string[]): RenamePlan => ({
  from: '@oldscope',
  to: '@acme',
  edits: paths.map(edit),
  replacements: paths.length,
  skipped: [],
});

const PATHS = [
  'libs/kafka/package.json',
  'libs/saga/src/index.ts',
  'package-lock.json',
  'package.json',
  'tools/x.ts',
];

/** The real writer, except that it fails on the files named. */
const failingOn = (...failing: string[]): PlanWriter => ({
  checkWritable: atomicWriter.checkWritable,
  write: async (path, content) => {
    if (failing.some((name) => path.endsWith(`/${name}`)))
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), {
        code: 'ENOSPC',
      });
    await atomicWriter.write(path, content);
  },
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected the promise to reject');
}

describe('writeOrder', () => {
  it('keeps path order but writes the root package.json (the "renamed" mark) last', () => {
    expect(writeOrder(plan(PATHS).edits).map((e) => e.path)).toEqual([
      'libs/kafka/package.json',
      'libs/saga/src/index.ts',
      'package-lock.json',
      'tools/x.ts',
      'package.json',
    ]);
  });
});

describe('writePlan', () => {
  let root: string;
  const log: string[] = [];
  beforeEach(() => {
    root = createWorkspace(
      Object.fromEntries(PATHS.map((path) => [path, `@oldscope in ${path}\n`])),
      { commit: false },
    );
    log.length = 0;
  });
  afterEach(() => removeWorkspace(root));

  const read = (path: string) => readFileSync(join(root, path), 'utf8');

  it('writes every file, the root package.json last, one progress line each', async () => {
    await writePlan(root, plan(PATHS), (line) => log.push(line));
    for (const path of PATHS) expect(read(path)).toBe(`@acme in ${path}\n`);
    expect(log).toEqual([
      '  [1/5] libs/kafka/package.json (1)',
      '  [2/5] libs/saga/src/index.ts (1)',
      '  [3/5] package-lock.json (1)',
      '  [4/5] tools/x.ts (1)',
      '  [5/5] package.json (1)',
    ]);
  });

  it('writes nothing when a file cannot be written, and names it', async () => {
    const before = snapshot(root);
    const writes: string[] = [];
    const writer: PlanWriter = {
      checkWritable: async (path) => {
        if (path.endsWith('/tools/x.ts')) throw new Error("EACCES: permission denied, access 'x'");
      },
      write: async (path) => {
        writes.push(path);
      },
    };
    const error = await failure(writePlan(root, plan(PATHS), (line) => log.push(line), { writer }));
    expect(error).toBeInstanceOf(RenameRefusedError);
    expect(error.message).toBe(
      [
        'Cannot write 1 of the 5 files to rename (read-only file or directory); nothing was written:',
        '  tools/x.ts',
        'Make them writable (chmod u+w) and run the rename again.',
      ].join('\n'),
    );
    expect(writes).toEqual([]);
    expect(log).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  // The real permission check (access W_OK on a chmod 444 file and a 555 folder) is not tested
  // here: CI runs as root, which may write read-only files, so such a test could never run there.
  // The check above covers what the tool does with its answer.

  it('on a failed write, says how many files were written, which, and how to undo them', async () => {
    const error = await failure(
      writePlan(root, plan(PATHS), (line) => log.push(line), { writer: failingOn('tools/x.ts') }),
    );
    expect(error).toBeInstanceOf(RenameWriteError);
    expect((error as RenameWriteError).written).toEqual([
      'libs/kafka/package.json',
      'libs/saga/src/index.ts',
      'package-lock.json',
    ]);
    expect(error.message).toBe(
      [
        `Writing tools/x.ts failed (ENOSPC: no space left on device, write '${join(root, 'tools/x.ts')}'); fix that first. The rename is incomplete: 3 of 5 files written:`,
        '  libs/kafka/package.json',
        '  libs/saga/src/index.ts',
        '  package-lock.json',
        'package.json still names @oldscope, so running the rename again (with --force: the work tree is no longer clean) finishes it.',
        'Or undo what was written: git checkout -- libs/kafka/package.json libs/saga/src/index.ts package-lock.json',
      ].join('\n'),
    );
    expect(read('package-lock.json')).toBe('@acme in package-lock.json\n');
    expect(read('tools/x.ts')).toBe('@oldscope in tools/x.ts\n');
    expect(read('package.json')).toBe('@oldscope in package.json\n'); // not marked as renamed
  });

  it('on Ctrl-C, finishes the file being written, stops before the next and says so', async () => {
    const controller = new AbortController();
    const writer: PlanWriter = {
      checkWritable: atomicWriter.checkWritable,
      write: async (path, content) => {
        await atomicWriter.write(path, content);
        if (path.endsWith('/libs/saga/src/index.ts')) controller.abort();
      },
    };
    const error = await failure(
      writePlan(root, plan(PATHS), (line) => log.push(line), {
        writer,
        signal: controller.signal,
      }),
    );
    expect(error).toBeInstanceOf(RenameWriteError);
    expect((error as RenameWriteError).written).toEqual([
      'libs/kafka/package.json',
      'libs/saga/src/index.ts',
    ]);
    expect(error.message.split('\n').slice(0, 3)).toEqual([
      'Interrupted before package-lock.json. The rename is incomplete: 2 of 5 files written:',
      '  libs/kafka/package.json',
      '  libs/saga/src/index.ts',
    ]);
    expect(read('libs/saga/src/index.ts')).toBe('@acme in libs/saga/src/index.ts\n');
    expect(read('package-lock.json')).toBe('@oldscope in package-lock.json\n');
    expect(read('package.json')).toBe('@oldscope in package.json\n');
  });

  it('quotes paths for the shell and names the written files git cannot restore', async () => {
    const paths = ["docs/it's here.md", 'libs/new.ts', 'package.json'];
    const root2 = createWorkspace(Object.fromEntries(paths.map((p) => [p, 'x'])), {
      commit: false,
    });
    try {
      const error = await failure(
        writePlan(root2, plan(paths), () => undefined, {
          writer: failingOn('package.json'),
          untracked: new Set(['libs/new.ts']),
        }),
      );
      expect(error.message.split('\n').slice(-2)).toEqual([
        `Or undo what was written: git checkout -- 'docs/it'\\''s here.md'`,
        '  (libs/new.ts: not tracked by git, so git cannot restore it; rename @acme back to @oldscope by hand)',
      ]);
    } finally {
      removeWorkspace(root2);
    }
  });
});

describe('writeFileAtomic', () => {
  let root: string;
  beforeEach(() => {
    root = createWorkspace({ 'bin/run.sh': '#!/bin/sh\necho @oldscope\n' }, { commit: false });
  });
  afterEach(() => removeWorkspace(root));

  it('replaces the content and keeps the mode, leaving no temp file', async () => {
    const path = join(root, 'bin/run.sh');
    chmodSync(path, 0o751);
    await writeFileAtomic(path, '#!/bin/sh\necho @acme\n');
    expect(readFileSync(path, 'utf8')).toBe('#!/bin/sh\necho @acme\n');
    expect(statSync(path).mode & 0o7777).toBe(0o751);
    expect(readdirSync(join(root, 'bin'))).toEqual(['run.sh']);
  });

  it('leaves no temp file behind when the rename over the original fails', async () => {
    mkdirSync(join(root, 'bin/dir'));
    await expect(writeFileAtomic(join(root, 'bin/dir'), 'x')).rejects.toThrow();
    expect(readdirSync(join(root, 'bin')).sort()).toEqual(['dir', 'run.sh']);
  });
});
