import type { TopicCatalog } from '@platform/kafka';
import { basename, dirname } from 'node:path';
import { loadCatalogs } from './load-catalogs';
import type { AppFacts } from './model';
import { readAppFacts } from './read-app-facts';

export interface WorkspaceApps {
  /** One per catalog file, in the files' order. */
  catalogs: TopicCatalog[];
  /** The facts of the app each catalog file belongs to (apps/<app>/src/topic-catalog.ts), same order. */
  apps: AppFacts[];
  /** References the scan could not resolve: never silent. */
  warnings: string[];
}

/** Loads the catalogs and scans the source of the apps they belong to. */
export function readWorkspaceApps(
  catalogFiles: readonly string[],
  workspaceRoot: string,
): WorkspaceApps {
  const catalogs = loadCatalogs(catalogFiles);
  const read = catalogFiles.map((file, i) => {
    const appDir = dirname(dirname(file));
    return readAppFacts({ app: basename(appDir), appDir, catalog: catalogs[i] }, workspaceRoot);
  });
  return {
    catalogs,
    apps: read.map((r) => r.facts),
    warnings: read.flatMap((r) => r.warnings),
  };
}
