import type { TopicCatalog } from '@platform/kafka';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Each service declares the topics it owns in src/topic-catalog.ts (exporting a TopicCatalog). */
export const CATALOG_FILE = join('src', 'topic-catalog.ts');

export function discoverCatalogFiles(workspaceRoot: string): string[] {
  const appsDir = join(workspaceRoot, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir)
    .map((app) => join(appsDir, app, CATALOG_FILE))
    .filter((file) => existsSync(file))
    .sort();
}

/** Loads catalogs from TypeScript files; the CLI runs under @swc-node/register, so require works. */
export function loadCatalogs(files: readonly string[]): TopicCatalog[] {
  return files.map((file) => {
    const path = resolve(file);
    if (!existsSync(path)) throw new Error(`Catalog file ${file} does not exist.`);
    // Catalogs are TypeScript modules chosen at run time: a dynamic require is the point here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(path) as Record<string, unknown>;
    const catalog = Object.values(exports).find(isCatalog);
    if (!catalog) throw new Error(`${file} exports no topic catalog: export defineCatalog({ service, topics }) from it.`);
    return catalog;
  });
}

function isCatalog(value: unknown): value is TopicCatalog {
  return typeof value === 'object' && value !== null && 'service' in value && 'topics' in value && 'get' in value;
}
