/**
 * npm run topics -- plan  [--catalog apps/x/src/topic-catalog.ts ...] [--prune] [--allow-partition-increase]
 * npm run topics -- apply [same options]
 * Without --catalog, every apps/<app>/src/topic-catalog.ts is loaded. Each loaded catalog's app is
 * scanned for the topics its handlers read, whose retry and dead-letter topics are planned too.
 */
import { discoverCatalogFiles } from '@platform/architecture';
import { kafkaConfigFromEnv, toKafkaJsConfig } from '@platform/kafka';
import { resolveKafkaBroker } from '@platform/testing';
import { Kafka, logLevel } from 'kafkajs';
import { join, resolve } from 'node:path';
import { hasRefusals, type PlanAction } from './plan';
import { readWorkspace } from './read-workspace';
import { runTopicsCommand } from './topics-command';

export const USAGE = [
  'usage: npm run topics -- <plan|apply> [--catalog FILE]... [--prune] [--allow-partition-increase]',
  '  plan                        print what apply would change, with the storage estimate (exit 1 if apply would refuse it)',
  '  apply                       create missing topics and alter managed configs; nothing if any step is refused',
  '  --catalog FILE              a topic catalog to load (repeatable); default every apps/*/src/topic-catalog.ts',
  '  --prune                     also delete undeclared topics of the catalogs\' domains (never retry or dead-letter topics)',
  '  --allow-partition-increase  also grow partitions (existing keys move to other partitions)',
].join('\n');

/** A mistake on the command line: exit 2 with the usage, as the other tools do. */
export class TopicsUsageError extends Error {
  override readonly name = 'TopicsUsageError';
}

export interface TopicsArgs {
  command: 'plan' | 'apply' | 'help';
  catalogs: string[];
  prune: boolean;
  allowPartitionIncrease: boolean;
}

export function parseTopicsArgs(argv: readonly string[]): TopicsArgs {
  const [command, ...rest] = argv;
  const none = { catalogs: [], prune: false, allowPartitionIncrease: false };
  if (command === 'help' || command === '--help' || command === '-h' || rest.includes('--help') || rest.includes('-h')) return { command: 'help', ...none };
  if (command !== 'plan' && command !== 'apply')
    throw new TopicsUsageError(command === undefined ? 'Missing command: plan or apply.' : `Unknown command "${command}": expected plan or apply.`);
  const args: TopicsArgs = { command, ...none, catalogs: [] };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === '--prune') args.prune = true;
    else if (flag === '--allow-partition-increase') args.allowPartitionIncrease = true;
    else if (flag === '--catalog' && rest[i + 1] !== undefined && !rest[i + 1].startsWith('--')) addCatalog(args.catalogs, rest[++i]);
    else if (flag === '--catalog') throw new TopicsUsageError('--catalog needs a file, e.g. --catalog apps/orders-service/src/topic-catalog.ts.');
    else throw new TopicsUsageError(`Unknown option "${flag}".`);
  }
  return args;
}

/** A file given twice (a.ts, ./a.ts) is loaded once: twice, its topics would read as declared by two services. */
function addCatalog(catalogs: string[], file: string): void {
  if (!catalogs.some((known) => resolve(known) === resolve(file))) catalogs.push(file);
}

/**
 * Why `plan` fails (exit 1) when `apply` would refuse the plan, so a CI step running plan catches
 * a bad catalog before a deploy does; undefined when the plan can be applied.
 */
export function planRefusal(actions: readonly PlanAction[]): string | undefined {
  if (!hasRefusals(actions)) return undefined;
  const refused = actions.filter((action) => action.kind === 'refuse').length;
  return `the plan refuses ${refused} step${refused === 1 ? '' : 's'} (marked "!" above): apply would change nothing. Fix the catalog or the flags and plan again.`;
}

async function main(): Promise<void> {
  const args = parseTopicsArgs(process.argv.slice(2));
  if (args.command === 'help') {
    console.log(USAGE);
    return;
  }
  const workspaceRoot = join(__dirname, '..', '..', '..');
  const files = args.catalogs.length ? args.catalogs : discoverCatalogFiles(workspaceRoot);
  if (files.length === 0) throw new Error('No topic catalogs found (apps/*/src/topic-catalog.ts); pass --catalog FILE.');
  const { catalogs, subscriptions, warnings } = readWorkspace(files, workspaceRoot);
  for (const warning of warnings) console.error(`topics: warning: ${warning}`);
  const { brokers } = await resolveKafkaBroker((line) => console.error(`topics: ${line}`));
  // TLS and SASL as the services read them (KAFKA_SSL, KAFKA_SASL_*): a secured cluster is reached the same way.
  const connection = kafkaConfigFromEnv('topics', { ...process.env, KAFKA_BROKERS: brokers.join(',') });
  const admin = new Kafka({ ...toKafkaJsConfig(connection), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    console.log(`topics: ${args.command} for ${catalogs.map((c) => c.service).join(', ')} on ${brokers.join(',')}`);
    const { actions } = await runTopicsCommand({ admin, catalogs, subscriptions, apply: args.command === 'apply', prune: args.prune, allowPartitionIncrease: args.allowPartitionIncrease, log: console.log });
    const refusal = planRefusal(actions);
    if (refusal) {
      console.error(`topics: ${refusal}`);
      process.exitCode = 1;
    }
  } finally {
    await admin.disconnect();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`topics: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof TopicsUsageError) console.error(USAGE);
    process.exit(error instanceof TopicsUsageError ? 2 : 1);
  });
}
