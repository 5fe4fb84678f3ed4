/**
 * npm run bench -- [scenario ...] [--runs N] [--messages N] [--out path] [--list]
 * Progress goes to stderr; the results table to stdout; the JSON to bench/results/latest.json.
 */
import { resolveKafkaBroker } from '@platform/testing';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type BenchArgs, parseArgs, USAGE } from './args';
import { benchKafka, TopicPool } from './context';
import { BenchUsageError } from './errors';
import { planScenarios, validateRegistry } from './plan';
import {
  type BenchResults,
  buildResults,
  formatBounds,
  formatCeilings,
  formatDetails,
  formatTable,
} from './results';
import { runBench } from './runner';
import type { Scenario } from './scenario';
import { scenarios as registry } from './scenarios';

/** Both baselines (warm-up + 5 runs each) take about a minute on 2 cores shared with the broker; fewer messages get noisier. */
export const DEFAULT_MESSAGES = 50_000;
export const REPO_ROOT = resolve(__dirname, '../../..');
export const DEFAULT_OUT = join(REPO_ROOT, 'bench/results/latest.json');

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Returns the exit code: 0 done, 1 a run failed, 2 a usage mistake (nothing measured, nothing written). */
export async function main(
  argv: readonly string[],
  io: CliIo = processIo,
  scenarios: readonly Scenario[] = registry,
): Promise<number> {
  let args: BenchArgs;
  let plan: Scenario[];
  try {
    validateRegistry(scenarios);
    args = parseArgs(argv);
    plan = planScenarios(args.scenarios, scenarios);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    io.err(`bench: ${error.message}`);
    if (error.hint) io.err(error.hint);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.list) {
    io.out(formatList(scenarios));
    return 0;
  }

  const log = (line: string): void => io.err(`bench: ${line}`);
  const messages = args.messages ?? DEFAULT_MESSAGES;
  const out = args.out === undefined ? DEFAULT_OUT : resolve(args.out);
  const broker = await resolveKafkaBroker(log);
  const admin = benchKafka(broker.brokers, 'admin').admin();
  const topics = new TopicPool(admin);
  // Ctrl-C mid-run: take this run's topics with us instead of leaving them on the broker.
  const onInterrupt = (): void => {
    log('interrupted: deleting this run’s topics');
    void topics.deleteAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  try {
    await admin.connect();
    log(
      `${broker.brokers.join(',')} (${broker.source}); ${plan.map((s) => s.name).join(', ')}; warm-up + ${args.runs} runs of ${messages.toLocaleString('en-US')} messages`,
    );
    const measurements = await runBench({
      scenarios: plan,
      runs: args.runs,
      messages,
      brokers: broker.brokers,
      topics,
      log,
    });
    const results = buildResults(measurements);
    await writeResults(out, results);
    io.out(
      `${args.runs} counted runs of ${messages.toLocaleString('en-US')} messages each (after one warm-up); median, min, max and p25–p75 of the counted runs; ratio = median / baseline median from this run.`,
    );
    io.out(formatTable(results));
    const details = formatDetails(results);
    if (details) io.out(details);
    const ceilings = formatCeilings(results);
    if (ceilings) io.out(ceilings);
    const bounds = formatBounds(results);
    if (bounds) io.out(bounds);
    io.out(`wrote ${out}`);
    return 0;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await admin.disconnect();
    await broker.container?.stop();
  }
}

function formatList(scenarios: readonly Scenario[]): string {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  return scenarios
    .map(
      (s) =>
        `${s.name.padEnd(width)}  ${s.metric}  ${s.baseline ? `vs ${s.baseline} ${s.target ?? ''}`.trimEnd() : 'baseline'}  ${s.description}`,
    )
    .join('\n');
}

/** Written to a sibling temp file first, so a crash never leaves half a latest.json behind. */
async function writeResults(path: string, results: BenchResults): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(results, null, 2)}\n`);
  await rename(temporary, path);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
