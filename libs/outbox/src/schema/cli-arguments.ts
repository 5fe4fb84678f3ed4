/**
 * The arguments every outbox command shares (`--url <postgres url>`, `--data-dir <PGlite folder>`,
 * else DATABASE_URL) and how the commands read their own options beside them.
 */

export interface CliOptionSpec {
  /** Options that take a value once, e.g. `--topic`. */
  valued?: readonly string[];
  /** Options that take a value and may be given again, e.g. `--id`. */
  repeatable?: readonly string[];
  /** Options without a value, e.g. `--all`. */
  flags?: readonly string[];
}

export interface CliArguments {
  url?: string;
  dataDir?: string;
  /** Values of the `valued` options given, by option name (`--topic`). */
  values: ReadonlyMap<string, string>;
  /** Values of the `repeatable` options, by option name, in the order given; absent if none. */
  lists: ReadonlyMap<string, readonly string[]>;
  flags: ReadonlySet<string>;
}

const DATABASE_OPTIONS = { '--url': 'url', '--data-dir': 'dataDir' } as const;

/**
 * `--name <v>` or `--name=<v>` for valued options, the bare name for flags. Anything else is a usage
 * error, returned as a message without final punctuation (each command adds its own): a typo or a
 * missing value must not fall back to DATABASE_URL, which is another database than the one asked
 * for, nor be ignored, which could widen what the command does.
 */
export function parseCliArguments(
  argv: readonly string[],
  spec: CliOptionSpec = {},
): CliArguments | string {
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const flags = new Set<string>();
  const database: { url?: string; dataDir?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (spec.flags?.includes(word)) {
      flags.add(word);
      continue;
    }
    const equals = word.indexOf('=');
    const name = equals === -1 ? word : word.slice(0, equals);
    const databaseKey = Object.hasOwn(DATABASE_OPTIONS, name)
      ? DATABASE_OPTIONS[name as keyof typeof DATABASE_OPTIONS]
      : undefined;
    const repeatable = spec.repeatable?.includes(name) ?? false;
    if (databaseKey === undefined && !repeatable && !spec.valued?.includes(name))
      return `unknown argument ${JSON.stringify(word)}`;
    const value = equals === -1 ? argv[++i] : word.slice(equals + 1);
    if (value === undefined || value.trim() === '' || (equals === -1 && value.startsWith('--')))
      return `${name} needs a value`;
    if (repeatable) {
      lists.set(name, [...(lists.get(name) ?? []), value]);
      continue;
    }
    const given = databaseKey === undefined ? values.get(name) : database[databaseKey];
    if (given !== undefined) return `${name} given twice`;
    if (databaseKey === undefined) values.set(name, value);
    else database[databaseKey] = value;
  }
  if (database.url !== undefined && database.dataDir !== undefined)
    return '--url and --data-dir exclude each other';
  return { ...database, values, lists, flags };
}

/**
 * Whether the arguments name a database, or DATABASE_URL does. Without one, openDatabase would
 * open an in-memory PGlite: a command's work would be done there and thrown away.
 */
export function namesDatabase(
  args: { url?: string; dataDir?: string },
  env: NodeJS.ProcessEnv,
): boolean {
  return args.url !== undefined || args.dataDir !== undefined || !!env.DATABASE_URL?.trim();
}
