import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Database, type DatabaseDriver, openDatabase } from '@platform/database';
import { createTestDatabase } from './postgres';

/** Both drivers, for suites that run once per driver: `describe.each(DATABASE_DRIVERS)(...)`. */
export const DATABASE_DRIVERS: readonly DatabaseDriver[] = ['postgres', 'pglite'];

export interface OpenTestDatabase {
  db: Database;
  driver: DatabaseDriver;
  /** How to open the same database again (another process, after a crash): a url or a PGlite folder. */
  location: { url: string } | { dataDir: string };
  /** Closes the database and deletes it. */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database of the given driver: its own database on the resolved Postgres server,
 * or its own PGlite folder copied from an initialised template (initdb in WASM takes seconds;
 * a copy takes a fraction of one).
 */
export async function openTestDatabase(driver: DatabaseDriver): Promise<OpenTestDatabase> {
  if (driver === 'postgres') {
    const created = await createTestDatabase();
    const db = await openDatabase({ url: created.url });
    return {
      db,
      driver,
      location: { url: created.url },
      drop: async () => {
        await db.close();
        await created.drop();
      },
    };
  }
  const dataDir = await freshPgliteDir();
  const db = await openDatabase({ dataDir });
  return {
    db,
    driver,
    location: { dataDir },
    drop: async () => {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new PGlite data folder (a copy of the template), not opened: hand it to a child process. Delete it when done. */
export async function freshPgliteDir(): Promise<string> {
  const template = await pgliteTemplate();
  const dir = mkdtempSync(join(tmpdir(), 'pglite-test-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}

/** Initialised once per machine and PGlite version; parallel workers race to create it, one rename wins. */
async function pgliteTemplate(): Promise<string> {
  const dir = templatePath();
  if (existsSync(dir)) return dir;
  const building = mkdtempSync(`${dir}.building-`);
  const db = await openDatabase({ dataDir: building });
  await db.close();
  try {
    renameSync(building, dir);
  } catch (error) {
    // Another worker finished first: its template is as good as ours.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  return dir;
}

function templatePath(): string {
  const packageJson = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return join(tmpdir(), `platform-pglite-template-${version}`);
}
