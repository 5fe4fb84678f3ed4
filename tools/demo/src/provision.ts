import { ensureConsumerTopics, mergeCatalogs } from '@platform/kafka';
import { discoverCatalogFiles, loadCatalogs, runTopicsCommand } from '@platform/topics';
import type { Admin } from 'kafkajs';
import { SERVICES, WORKSPACE_ROOT } from './services';

/**
 * The topic plan of every apps/<app>/src/topic-catalog.ts, applied (what `npm run topics -- apply`
 * does), then each service's retry and dead-letter topics for the topics it handles: the
 * consumers refuse to start while a topic is missing.
 */
export async function provisionTopics(admin: Admin, log: (line: string) => void): Promise<void> {
  const catalogs = loadCatalogs(discoverCatalogFiles(WORKSPACE_ROOT));
  await runTopicsCommand({
    admin,
    catalogs,
    apply: true,
    log: (text) => text.split('\n').forEach((line) => log(`  ${line}`)),
  });
  for (const service of SERVICES) {
    const created = await ensureConsumerTopics(admin, {
      service: service.name,
      catalog: mergeCatalogs(service.name, catalogs),
      subscriptions: service.handles.map((topic) => ({ topic })),
    });
    if (created.length > 0)
      log(`  created ${created.length} retry/dead-letter topics of ${service.name}`);
  }
}
