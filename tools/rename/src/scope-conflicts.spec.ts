import { RenameUsageError } from './errors';
import { formatLikeNpm } from './npm-lockfile';
import { type WorkspaceFile } from './plan';
import { checkScopeConflicts, scopePackages } from './scope-conflicts';

const json = (path: string, data: unknown): WorkspaceFile => ({
  path,
  content: Buffer.from(path === 'package-lock.json' ? formatLikeNpm(data) : JSON.stringify(data)),
});

const workspace = (installed: Record<string, object> = {}, deps: Record<string, string> = {}) => [
  json('package.json', { name: '@oldscope/source', devDependencies: { '@nestjs/cli': '11.0.0' } }),
  json('libs/kafka/package.json', { name: '@oldscope/kafka', dependencies: { kafkajs: '2.2.4' } }),
  json('libs/saga/package.json', {
    name: '@oldscope/saga',
    dependencies: { '@oldscope/kafka': '*', ...deps },
  }),
  json('package-lock.json', {
    packages: {
      '': { name: '@oldscope/source' },
      'libs/kafka': { name: '@oldscope/kafka' },
      'node_modules/@nestjs/cli': { version: '11.0.0' },
      'node_modules/@oldscope/kafka': { resolved: 'libs/kafka', link: true },
      'node_modules/@oldscope/saga': { resolved: 'libs/saga', link: true },
      'node_modules/kafkajs': { version: '2.2.4' },
      ...installed,
    },
  }),
  { path: 'docs/package.json.md', content: Buffer.from('not JSON') },
];

function problem(files: WorkspaceFile[], to = '@acme'): string {
  try {
    checkScopeConflicts(scopePackages(files), '@oldscope', to);
  } catch (error) {
    if (error instanceof RenameUsageError) return error.message;
    throw error;
  }
  throw new Error('expected a RenameUsageError');
}

describe('scopePackages', () => {
  it("separates the workspace's own packages from its dependencies, with where they are named", () => {
    const packages = scopePackages(
      workspace({ 'node_modules/kafkajs/node_modules/@x/y': { version: '1.0.0' } }),
    );
    expect([...packages.workspace].sort()).toEqual([
      '@oldscope/kafka',
      '@oldscope/saga',
      '@oldscope/source',
    ]);
    expect(Object.fromEntries(packages.dependencies)).toEqual({
      '@nestjs/cli': ['package.json', 'package-lock.json'],
      kafkajs: ['libs/kafka/package.json', 'package-lock.json'],
      '@x/y': ['package-lock.json'],
    });
  });
});

describe('checkScopeConflicts', () => {
  it('accepts a scope other dependencies already use, when no name collides', () => {
    const files = workspace({ 'node_modules/@acme/logger': { version: '1.0.0' } });
    expect(() => checkScopeConflicts(scopePackages(files), '@oldscope', '@acme')).not.toThrow();
    expect(() =>
      checkScopeConflicts(scopePackages(workspace()), '@oldscope', '@nestjs'),
    ).not.toThrow();
  });

  it('refuses a workspace package renamed to the name of a dependency, listing each', () => {
    const files = workspace(
      { 'node_modules/@acme/kafka': { version: '1.0.0' } },
      { '@acme/saga': '^2.0.0' },
    );
    expect(problem(files)).toBe(
      [
        'Renaming to @acme would give workspace packages the names of dependencies you have:',
        '  @oldscope/kafka → @acme/kafka, a dependency (package-lock.json)',
        '  @oldscope/saga → @acme/saga, a dependency (libs/saga/package.json)',
        'npm cannot install a package and link a workspace under one name. Choose another scope, or give those workspace packages other names first.',
      ].join('\n'),
    );
  });

  it('refuses when the current scope also holds packages that are not in the workspace', () => {
    const files = workspace(
      { 'node_modules/@oldscope/logger': { version: '1.0.0' } },
      { '@oldscope/logger': '^1.0.0', '@oldscope/metrics': '^1.0.0' },
    );
    expect(problem(files)).toBe(
      [
        'Scope @oldscope also holds packages that are not in this workspace:',
        '  @oldscope/logger (libs/saga/package.json, package-lock.json)',
        '  @oldscope/metrics (libs/saga/package.json)',
        "The rename replaces every @oldscope token and cannot tell these from the workspace's own packages: it would point them to @acme/... names that do not exist. Remove them from your dependencies, rename, then add them back and restore their imports; or rename by hand.",
      ].join('\n'),
    );
  });
});
