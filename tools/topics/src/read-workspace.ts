import { handledTopics, readWorkspaceApps } from '@platform/architecture';
import type { TopicCatalog } from '@platform/kafka';
import type { ServiceSubscriptions } from './desired-state';

/**
 * The catalogs in `catalogFiles` and what the apps they belong to handle (scanned from their
 * source like docs/architecture.md is), as the topics command's input.
 */
export function readWorkspace(
  catalogFiles: readonly string[],
  workspaceRoot: string,
): { catalogs: TopicCatalog[]; subscriptions: ServiceSubscriptions[]; warnings: string[] } {
  const { catalogs, apps, warnings } = readWorkspaceApps(catalogFiles, workspaceRoot);
  const subscriptions = apps.map((app, i) => ({
    service: catalogs[i].service,
    topics: handledTopics(app),
  }));
  return { catalogs, subscriptions, warnings };
}
