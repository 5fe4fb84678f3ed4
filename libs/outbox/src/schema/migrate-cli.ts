/**
 * Applies the outbox/inbox migrations: `npx nx run outbox:migrate [-- --url postgres://… | --data-dir ./.data]`.
 * Without options it uses DATABASE_URL, or refuses: an in-memory PGlite would be migrated and thrown away.
 */
import { openDatabase } from '@platform/database';
import { migrateOutbox } from './migrations';

export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const parsed = parseArguments(argv);
  if (typeof parsed === 'string') {
    console.error(`outbox migrate: ${parsed} ${USAGE}`);
    return 2;
  }
  const { url, dataDir } = parsed;
  if (url === undefined && dataDir === undefined && !env.DATABASE_URL?.trim()) {
    console.error(`outbox migrate: ${USAGE}`);
    return 2;
  }
  const db = await openDatabase({ url, dataDir, env });
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

const OPTIONS = { '--url': 'url', '--data-dir': 'dataDir' } as const;

/**
 * `--url <v>`, `--url=<v>`, `--data-dir <v>`, `--data-dir=<v>`; anything else is a usage error
 * (returned as a message). A typo or a missing value must not fall back to DATABASE_URL, which
 * would migrate another database than the one asked for.
 */
function parseArguments(argv: readonly string[]): { url?: string; dataDir?: string } | string {
  const options: { url?: string; dataDir?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    const equals = word.indexOf('=');
    const name = equals === -1 ? word : word.slice(0, equals);
    if (!Object.hasOwn(OPTIONS, name)) return `unknown argument ${JSON.stringify(word)}:`;
    const value = equals === -1 ? argv[++i] : word.slice(equals + 1);
    if (value === undefined || value.trim() === '' || (equals === -1 && value.startsWith('--')))
      return `${name} needs a value:`;
    const key = OPTIONS[name as keyof typeof OPTIONS];
    if (options[key] !== undefined) return `${name} given twice:`;
    options[key] = value;
  }
  if (options.url !== undefined && options.dataDir !== undefined)
    return '--url and --data-dir exclude each other:';
  return options;
}

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
