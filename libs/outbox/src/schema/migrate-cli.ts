/**
 * Applies the outbox/inbox migrations: `npx nx run outbox:migrate [-- --url postgres://… | --data-dir ./.data]`.
 * Without options it uses DATABASE_URL, or refuses: an in-memory PGlite would be migrated and thrown away.
 */
import { openDatabase } from '@platform/database';
import { namesDatabase, parseCliArguments } from './cli-arguments';
import { migrateOutbox } from './migrations';

export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const parsed = parseCliArguments(argv);
  if (typeof parsed === 'string') {
    console.error(`outbox migrate: ${parsed}: ${USAGE}`);
    return 2;
  }
  if (!namesDatabase(parsed, env)) {
    console.error(`outbox migrate: ${USAGE}`);
    return 2;
  }
  const db = await openDatabase({ url: parsed.url, dataDir: parsed.dataDir, env });
  try {
    const result = await migrateOutbox(db);
    console.log(
      `outbox migrate (${db.driver}): applied ${list(result.applied)}; already applied ${list(result.skipped)}`,
    );
    if (result.unknown.length)
      console.warn(
        `outbox migrate: the database has migrations this code does not know: ${list(result.unknown)}`,
      );
    return 0;
  } finally {
    await db.close();
  }
}

const USAGE = 'pass --url <postgres url> or --data-dir <PGlite folder>, or set DATABASE_URL.';

function list(names: readonly string[]): string {
  return names.length ? names.join(', ') : 'none';
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`outbox migrate: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
