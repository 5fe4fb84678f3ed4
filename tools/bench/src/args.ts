import { BenchUsageError } from './errors';

export const USAGE =
  'usage: npm run bench -- [scenario ...] [--runs N] [--messages N] [--out path] [--list]';

export const DEFAULT_RUNS = 5;

export interface BenchArgs {
  /** Scenario names as typed; empty means every registered scenario. */
  scenarios: string[];
  /** Counted runs per scenario (a warm-up run comes on top). */
  runs: number;
  /** Messages per run; undefined means the harness default. */
  messages?: number;
  /** Where latest.json goes; undefined means bench/results/latest.json at the repo root. */
  out?: string;
  list: boolean;
  help: boolean;
}

/** Accepts `--flag value` and `--flag=value`; every other word is a scenario name. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const parsed: BenchArgs = { scenarios: [], runs: DEFAULT_RUNS, list: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('-')) {
      parsed.scenarios.push(word);
      continue;
    }
    const [flag, inline] = splitFlag(word);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith('--'))
        throw new BenchUsageError(`${flag} needs a value.`, USAGE);
      return next;
    };
    const noValue = (): true => {
      if (inline !== undefined)
        throw new BenchUsageError(`${flag} takes no value, received "${inline}".`, USAGE);
      return true;
    };
    if (flag === '--runs') parsed.runs = positiveInteger(flag, value());
    else if (flag === '--messages') parsed.messages = positiveInteger(flag, value());
    else if (flag === '--out') parsed.out = value();
    else if (flag === '--list') parsed.list = noValue();
    else if (flag === '--help' || flag === '-h') parsed.help = noValue();
    else throw new BenchUsageError(`Unknown option ${flag}.`, USAGE);
  }
  return parsed;
}

function splitFlag(word: string): [string, string | undefined] {
  const equals = word.indexOf('=');
  return equals === -1 ? [word, undefined] : [word.slice(0, equals), word.slice(equals + 1)];
}

function positiveInteger(flag: string, raw: string): number {
  const value = Number(raw.replace(/_/g, ''));
  if (!/^[\d_]+$/.test(raw) || !Number.isSafeInteger(value) || value <= 0) {
    throw new BenchUsageError(`${flag} expects a positive whole number, received "${raw}".`, USAGE);
  }
  return value;
}
