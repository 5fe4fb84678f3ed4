import { discoverCatalogFiles, loadCatalogs } from '@platform/topics';
import { basename, dirname } from 'node:path';
import { buildModel } from './build-model';
import type { ArchitectureModel } from './model';
import { readAppFacts } from './read-app-facts';

/**
 * The architecture of the workspace at `workspaceRoot`: every app with a src/topic-catalog.ts
 * (found and loaded the way `npm run topics` does), its handlers and its sagas.
 */
export function collectArchitecture(workspaceRoot: string): ArchitectureModel {
  const files = discoverCatalogFiles(workspaceRoot);
  const catalogs = loadCatalogs(files);
  const read = files.map((file, i) => {
    const appDir = dirname(dirname(file));
    return readAppFacts({ app: basename(appDir), appDir, catalog: catalogs[i] }, workspaceRoot);
  });
  const model = buildModel(read.map((r) => r.facts));
  return { ...model, warnings: [...read.flatMap((r) => r.warnings), ...model.warnings] };
}
