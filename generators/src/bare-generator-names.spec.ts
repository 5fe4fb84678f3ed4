import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `nx g service` (no plugin name) works only while no plugin listed in the root package.json or
 * nx.json has a generator of the same name: Nx then refuses or asks. This spec catches such an
 * addition in seconds; the e2e test proves the bare command in a copy of the workspace.
 */
const workspaceRoot = join(__dirname, '..', '..');

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function generatorNames(collectionPath: string): string[] {
  const collection = readJson(collectionPath) as { generators?: Record<string, { aliases?: string[] }> };
  return Object.entries(collection.generators ?? {}).flatMap(([name, generator]) => [name, ...(generator.aliases ?? [])]);
}

/** The generator names of every Nx plugin the root manifests list, by plugin. */
function rootPluginGenerators(): Map<string, string[]> {
  const rootPackage = readJson(join(workspaceRoot, 'package.json')) as Record<string, Record<string, string> | undefined>;
  const nxJson = readJson(join(workspaceRoot, 'nx.json')) as { plugins?: (string | { plugin: string })[] };
  const names = new Set([
    ...Object.keys(rootPackage.dependencies ?? {}),
    ...Object.keys(rootPackage.devDependencies ?? {}),
    ...(nxJson.plugins ?? []).map((plugin) => (typeof plugin === 'string' ? plugin : plugin.plugin).split('/').slice(0, 2).join('/')),
  ]);
  const result = new Map<string, string[]>();
  for (const name of names) {
    const manifestPath = join(workspaceRoot, 'node_modules', name, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = readJson(manifestPath) as { generators?: string; schematics?: string };
    const collection = manifest.generators ?? manifest.schematics;
    if (collection) result.set(name, generatorNames(join(dirname(manifestPath), collection)));
  }
  return result;
}

describe('bare generator names (nx g service, not nx g @platform/generators:service)', () => {
  it('no plugin in the root package.json or nx.json claims one of our generator names', () => {
    const ours = generatorNames(join(workspaceRoot, 'generators', 'generators.json'));
    const clashes = [...rootPluginGenerators()].flatMap(([plugin, names]) =>
      names.filter((name) => ours.includes(name)).map((name) => `${plugin}:${name}`),
    );
    expect(clashes).toEqual([]);
  });

  it('sees the plugins the root lists (the check would be empty otherwise)', () => {
    expect([...rootPluginGenerators().keys()]).toEqual(expect.arrayContaining(['@nx/jest', '@nx/eslint']));
  });
});
