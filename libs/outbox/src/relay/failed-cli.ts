/**
 * Shows and requeues the rows the relay set aside as unpublishable:
 *   npx nx run outbox:failed -- list [--topic <name>] [--limit <n>]
 *   npx nx run outbox:failed -- requeue (--id <uuid> ... | --topic <name> | --all)
 * plus `--url <postgres url>` or `--data-dir <PGlite folder>`, else DATABASE_URL.
 */
import { openDatabase } from '@platform/database';
import { namesDatabase, parseCliArguments } from '../schema/cli-arguments';
import {
  type FailedRowSelection,
  listFailedOutboxRows,
  requeueFailedOutboxRows,
} from './failed-rows';

const USAGE =
  'usage: failed list [--topic <name>] [--limit <n>] | failed requeue (--id <uuid> ... | --topic <name> | --all), ' +
  'with --url <postgres url> or --data-dir <PGlite folder>, or DATABASE_URL set.';

/**
 * Rows `list` shows without --limit. Passed to listFailedOutboxRows every time, so the "more may
 * exist" hint compares with what was asked for, not with a default of that function's own.
 */
const LIST_LIMIT = 100;

interface Arguments {
  command: 'list' | 'requeue';
  url?: string;
  dataDir?: string;
  topic?: string;
  limit?: number;
  ids: readonly string[];
  all: boolean;
}

export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = console.log,
): Promise<number> {
  const parsed = parseArguments(argv);
  if (typeof parsed === 'string') {
    console.error(`outbox failed: ${parsed}.\n${USAGE}`);
    return 2;
  }
  if (!namesDatabase(parsed, env)) {
    console.error(`outbox failed: no database given.\n${USAGE}`);
    return 2;
  }
  const db = await openDatabase({ url: parsed.url, dataDir: parsed.dataDir, env });
  try {
    if (parsed.command === 'list') {
      const limit = parsed.limit ?? LIST_LIMIT;
      const rows = await listFailedOutboxRows(db, { topic: parsed.topic, limit });
      for (const row of rows)
        out(
          `${row.id}  ${row.failedAt.toISOString()}  ${row.topic}  key=${row.aggregateId}  ${row.lastError ?? ''}`,
        );
      out(
        `${rows.length} failed row(s)${rows.length === limit ? ' shown (more may exist: --limit)' : ''}`,
      );
      return 0;
    }
    const requeued = await requeueFailedOutboxRows(db, selection(parsed));
    out(`requeued ${requeued} row(s): the relays publish them next`);
    return 0;
  } finally {
    await db.close();
  }
}

function selection(args: Arguments): FailedRowSelection {
  if (args.all) return { all: true };
  if (args.topic !== undefined) return { topic: args.topic };
  return { ids: args.ids };
}

/**
 * Strict on purpose: a typo must not widen a requeue (an unknown flag ignored could requeue every
 * failed row) or fall back to DATABASE_URL (another database than the one asked for). Returns a
 * usage error without final punctuation.
 */
function parseArguments(argv: readonly string[]): Arguments | string {
  const [command, ...rest] = argv;
  if (command !== 'list' && command !== 'requeue')
    return `expected the command list or requeue, received ${command === undefined ? 'none' : JSON.stringify(command)}`;
  const parsed = parseCliArguments(rest, {
    valued: ['--topic', '--limit'],
    repeatable: ['--id'],
    flags: ['--all'],
  });
  if (typeof parsed === 'string') return parsed;
  const limit = parsed.values.get('--limit');
  if (limit !== undefined && !/^\d+$/.test(limit))
    return `--limit needs a whole number, received ${JSON.stringify(limit)}`;
  const args: Arguments = {
    command,
    url: parsed.url,
    dataDir: parsed.dataDir,
    topic: parsed.values.get('--topic'),
    limit: limit === undefined ? undefined : Number(limit),
    ids: parsed.lists.get('--id') ?? [],
    all: parsed.flags.has('--all'),
  };
  if (args.command === 'list' && (args.ids.length > 0 || args.all))
    return 'list takes --topic and --limit, not --id or --all';
  if (args.command === 'requeue') {
    if (args.limit !== undefined) return 'requeue takes no --limit';
    const kinds = [args.ids.length > 0, args.topic !== undefined, args.all].filter(Boolean).length;
    if (kinds !== 1)
      return 'requeue needs exactly one of --id <uuid> (repeatable), --topic <name> or --all';
  }
  return args;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      // The one mistake everybody makes first: pointing it at a database the outbox never migrated.
      const hint = /relation "outbox" does not exist/.test(message)
        ? ' (this database has no outbox: check --url, or run `npx nx run outbox:migrate` first)'
        : '';
      console.error(`outbox failed: ${message}${hint}`);
      process.exit(1);
    },
  );
}
