import { formatLikeNpm } from './npm-lockfile';
import { planRename, type WorkspaceFile } from './plan';

const files = (entries: Record<string, string | Buffer>): WorkspaceFile[] =>
  Object.entries(entries).map(([path, content]) => ({
    path,
    content: typeof content === 'string' ? Buffer.from(content) : content,
  }));

const workspace = files({
  'package.json': '{ "name": "@oldscope/source", "workspaces": ["libs/*"] }\n',
  'libs/saga/src/index.ts':
    "import { a } from '@oldscope/kafka';\nimport { b } from '@oldscope/naming';\n",
  'libs/kafka/src/index.ts': 'export const a = 1;\n',
  'docs/notes.md': 'The oldscope_migrations table keeps its name.\n',
  'package-lock.json': formatLikeNpm({
    packages: {
      'node_modules/@nestjs/common': { version: '11.1.9' },
      'node_modules/@oldscope/kafka': { resolved: 'libs/kafka', link: true },
    },
  }),
  'assets/logo.png': Buffer.from([0x89, 0x50, 0x00, ...Buffer.from('@oldscope/kafka')]),
  'assets/latin1.txt': Buffer.from([0x40, ...Buffer.from('oldscope/x '), 0xe9]),
});

describe('planRename', () => {
  const plan = planRename(workspace, '@oldscope', '@acme');

  it('lists each file that mentions the scope, sorted, with its count', () => {
    expect(plan.edits.map(({ path, count }) => [path, count])).toEqual([
      ['libs/saga/src/index.ts', 2],
      ['package-lock.json', 1],
      ['package.json', 1],
    ]);
    expect(plan.replacements).toBe(4);
  });

  it('holds the new content of each file', () => {
    expect(plan.edits.find((edit) => edit.path === 'libs/saga/src/index.ts')?.content).toBe(
      "import { a } from '@acme/kafka';\nimport { b } from '@acme/naming';\n",
    );
    const lock = plan.edits.find((edit) => edit.path === 'package-lock.json')?.content ?? '';
    expect(Object.keys(JSON.parse(lock).packages)).toEqual([
      'node_modules/@acme/kafka',
      'node_modules/@nestjs/common',
    ]);
    expect(plan.lockfileInNpmOrder).toBe(true);
  });

  it('reports binary and non-UTF-8 files that mention the scope instead of rewriting them', () => {
    expect(plan.skipped).toEqual(['assets/logo.png', 'assets/latin1.txt']);
  });

  it('finds nothing more to do on its own result (idempotent)', () => {
    const renamed = workspace.map((file) => {
      const edit = plan.edits.find((e) => e.path === file.path);
      return edit ? { path: file.path, content: Buffer.from(edit.content) } : file;
    });
    const again = planRename(renamed, '@oldscope', '@acme');
    expect(again.edits).toEqual([]);
  });
});
