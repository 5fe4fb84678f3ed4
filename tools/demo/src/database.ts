import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { SERVICES } from './services';

/**
 * A fresh start: the demo owns the schemas `<prefix><service>` on Postgres and the PGlite folders
 * under its work directory, and removes them before the services start (nothing else is touched).
 */
export async function resetDemoDatabases(options: {
  databaseUrl?: string;
  schemaPrefix: string;
  workDir: string;
}): Promise<void> {
  if (!options.databaseUrl) {
    rmSync(join(options.workDir, 'data'), { recursive: true, force: true });
    return;
  }
  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    for (const { name } of SERVICES)
      await client.query(`DROP SCHEMA IF EXISTS ${options.schemaPrefix}${name} CASCADE`);
  } finally {
    await client.end();
  }
}
