import { discoverCatalogFiles } from '@platform/architecture';
import { readWorkspace, runTopicsCommand } from '@platform/topics';
import type { Admin } from 'kafkajs';
import { WORKSPACE_ROOT } from './services';

/**
 * Exactly `npm run topics -- apply`: every apps/<app>/src/topic-catalog.ts, plus the retry and
 * dead-letter topics of what each app's handlers read (the consumers refuse to start while one is
 * missing).
 */
export async function provisionTopics(admin: Admin, log: (line: string) => void): Promise<void> {
  const { catalogs, subscriptions, warnings } = readWorkspace(
    discoverCatalogFiles(WORKSPACE_ROOT),
    WORKSPACE_ROOT,
  );
  for (const warning of warnings) log(`  warning: ${warning}`);
  await runTopicsCommand({
    admin,
    catalogs,
    subscriptions,
    apply: true,
    log: (text) => text.split('\n').forEach((line) => log(`  ${line}`)),
  });
}
