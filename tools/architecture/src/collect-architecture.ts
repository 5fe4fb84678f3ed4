import { buildModel } from './build-model';
import { discoverCatalogFiles } from './load-catalogs';
import type { ArchitectureModel } from './model';
import { readWorkspaceApps } from './read-workspace';

/**
 * The architecture of the workspace at `workspaceRoot`: every app with a src/topic-catalog.ts
 * (found and loaded the way `npm run topics` does), its handlers and its sagas.
 */
export function collectArchitecture(workspaceRoot: string): ArchitectureModel {
  const { apps, warnings } = readWorkspaceApps(discoverCatalogFiles(workspaceRoot), workspaceRoot);
  const model = buildModel(apps);
  return { ...model, warnings: [...warnings, ...model.warnings] };
}
