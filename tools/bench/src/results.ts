import type { Metric, Scenario } from './scenario';
import { ratio as ratioOf, round, summarize } from './stats';
import { meetsTarget } from './target';

/**
 * One line of bench/results/latest.json. The first ten keys are the contract later issues keep;
 * the rest are extras. Baselines carry baseline, baselineValue, ratio, target and meetsTarget as null.
 */
export interface BenchResult {
  scenario: string;
  metric: Metric;
  /** Median of the counted runs. */
  value: number;
  baseline: string | null;
  /** The baseline's median from the same bench run. */
  baselineValue: number | null;
  /** value / baselineValue (unrounded medians), 4 decimals. */
  ratio: number | null;
  target: string | null;
  /** Whether ratio satisfies target; null when there is no target. */
  meetsTarget: boolean | null;
  /** Counted runs (the warm-up is not counted). */
  runs: number;
  /** Messages per run. */
  messages: number;
  /** Spread of the counted runs: min/max and the interquartile range (p25/p75, linear interpolation). */
  spread: { min: number; p25: number; p75: number; max: number };
  /** Each counted run's value, in run order. */
  samples: number[];
  /** Only for scenarios that report more than their metric (RunResult.details): each key's median over the counted runs. */
  details?: Record<string, number>;
  /** Only for scenarios with a floor whose baseline and floor both reported client CPU (Scenario.floor). */
  ceiling?: Ceiling;
  /** Only for scenarios with a bound that ran in the same bench (Scenario.bound). */
  bound?: Bound;
}

/** The ratio of the scenario's bound (plain pg + kafkajs doing the least work it must) in the same run. */
export interface Bound {
  scenario: string;
  ratio: number;
  /** Whether the bound itself satisfies the target; false = no implementation reaches it on this machine in this run. */
  targetWithinReach: boolean | null;
}

/**
 * The ratio a scenario could reach if its code cost nothing over bare kafkajs doing the same work
 * (its floor), from client CPU per message measured in this run: baseline CPU ÷ floor CPU.
 */
export interface Ceiling {
  floor: string;
  floorCpuUsPerMsg: number;
  baselineCpuUsPerMsg: number;
  ratio: number;
  /** Whether the ceiling itself satisfies the target; false = even code costing nothing over the floor would miss it, by this estimate. */
  targetWithinReach: boolean | null;
}

/** The detail every client-bound scenario reports (see cpu-clock.ts). */
export const CLIENT_CPU = 'client_cpu_us_per_msg';

export interface BenchResults {
  results: BenchResult[];
}

export interface Measurement {
  scenario: Scenario;
  messages: number;
  /** Counted runs only. */
  samples: number[];
  /** RunResult.details of each counted run, when the scenario reports them. */
  details?: Record<string, number>[];
}

const VALUE_DECIMALS = 1;
const RATIO_DECIMALS = 4;

export function buildResults(measurements: readonly Measurement[]): BenchResults {
  const medians = new Map(measurements.map((m) => [m.scenario.name, summarize(m.samples).median]));
  const clientCpu = new Map(
    measurements.map((m) => [
      m.scenario.name,
      m.details?.length ? medianDetails(m.details)[CLIENT_CPU] : undefined,
    ]),
  );
  const ratios = new Map<string, number>();
  const results = measurements.map(({ scenario, messages, samples, details }): BenchResult => {
    const summary = summarize(samples);
    const baselineValue =
      scenario.baseline === undefined ? undefined : medians.get(scenario.baseline);
    if (scenario.baseline !== undefined && baselineValue === undefined) {
      throw new Error(
        `Baseline "${scenario.baseline}" of "${scenario.name}" was not measured in this run.`,
      );
    }
    const rawRatio = baselineValue === undefined ? null : ratioOf(summary.median, baselineValue);
    // The stored, rounded ratio is what the target is checked against, so the file never contradicts itself.
    const ratio = rawRatio === null ? null : round(rawRatio, RATIO_DECIMALS);
    const target = scenario.target ?? null;
    if (ratio !== null) ratios.set(scenario.name, ratio);
    return {
      scenario: scenario.name,
      metric: scenario.metric,
      value: round(summary.median, VALUE_DECIMALS),
      baseline: scenario.baseline ?? null,
      baselineValue: baselineValue === undefined ? null : round(baselineValue, VALUE_DECIMALS),
      ratio,
      target,
      meetsTarget: target === null ? null : ratio !== null && meetsTarget(ratio, target),
      runs: samples.length,
      messages,
      spread: {
        min: round(summary.min, VALUE_DECIMALS),
        p25: round(summary.p25, VALUE_DECIMALS),
        p75: round(summary.p75, VALUE_DECIMALS),
        max: round(summary.max, VALUE_DECIMALS),
      },
      samples: samples.map((sample) => round(sample, VALUE_DECIMALS)),
      ...(details && details.length > 0 ? { details: medianDetails(details) } : {}),
      ...ceilingOf(scenario, clientCpu, target),
    };
  });
  return {
    results: results.map((result, index) => ({
      ...result,
      ...boundOf(measurements[index].scenario, ratios, result.target),
    })),
  };
}

function boundOf(
  scenario: Scenario,
  ratios: ReadonlyMap<string, number>,
  target: string | null,
): { bound?: Bound } {
  const ratio = scenario.bound === undefined ? undefined : ratios.get(scenario.bound);
  if (ratio === undefined) return {};
  return {
    bound: {
      scenario: scenario.bound!,
      ratio,
      targetWithinReach: target === null ? null : meetsTarget(ratio, target),
    },
  };
}

function ceilingOf(
  scenario: Scenario,
  clientCpu: ReadonlyMap<string, number | undefined>,
  target: string | null,
): { ceiling?: Ceiling } {
  if (scenario.floor === undefined || scenario.baseline === undefined) return {};
  const floorCpuUsPerMsg = clientCpu.get(scenario.floor);
  const baselineCpuUsPerMsg = clientCpu.get(scenario.baseline);
  if (!(floorCpuUsPerMsg! > 0) || !(baselineCpuUsPerMsg! > 0)) return {};
  const ratio = round(baselineCpuUsPerMsg! / floorCpuUsPerMsg!, RATIO_DECIMALS);
  return {
    ceiling: {
      floor: scenario.floor,
      floorCpuUsPerMsg: floorCpuUsPerMsg!,
      baselineCpuUsPerMsg: baselineCpuUsPerMsg!,
      ratio,
      targetWithinReach: target === null ? null : meetsTarget(ratio, target),
    },
  };
}

const HEADERS = [
  'scenario',
  'metric',
  'median',
  'min',
  'max',
  'p25–p75',
  'baseline',
  'ratio',
  'target',
  'ok',
];

/** The human view of the results: one row per scenario, numbers right-aligned. */
export function formatTable({ results }: BenchResults): string {
  const rows = results.map((r) => [
    r.scenario,
    r.metric,
    formatNumber(r.value),
    formatNumber(r.spread.min),
    formatNumber(r.spread.max),
    `${formatNumber(r.spread.p25)}–${formatNumber(r.spread.p75)}`,
    r.baseline ?? '—',
    r.ratio === null ? '—' : r.ratio.toFixed(3),
    r.target ?? '—',
    r.meetsTarget === null ? '—' : r.meetsTarget ? 'yes' : 'NO',
  ]);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column].length)),
  );
  const numeric = new Set([2, 3, 4, 5, 7]);
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  return [line(HEADERS), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}

/** Each key's median over the runs that reported it. */
function medianDetails(runs: readonly Record<string, number>[]): Record<string, number> {
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run)))];
  return Object.fromEntries(
    keys.map((key) => {
      const values = runs.map((run) => run[key]).filter((value) => Number.isFinite(value));
      return [key, round(summarize(values).median, VALUE_DECIMALS)];
    }),
  );
}

/** One line per scenario that reported details, e.g. `outbox.commit-to-ack  p50 4.1  p99 17.9`. */
export function formatDetails({ results }: BenchResults): string {
  const withDetails = results.filter((r) => r.details && Object.keys(r.details).length > 0);
  if (withDetails.length === 0) return '';
  const width = Math.max(...withDetails.map((r) => r.scenario.length));
  const lines = withDetails.map(
    (r) =>
      `${r.scenario.padEnd(width)}  ${Object.entries(r.details!)
        .map(([key, value]) => `${key} ${value.toLocaleString('en-US')}`)
        .join('  ')}`,
  );
  return ['details (median of the counted runs):', ...lines].join('\n');
}

/**
 * One line per scenario with a ceiling, e.g. `producer.keyed  <= 0.548 × producer.raw: ...`; says
 * whether its target is above the ceiling, i.e. out of reach for any code on this client.
 */
export function formatCeilings({ results }: BenchResults): string {
  return formatLimits(
    'ceilings (estimates from client CPU per message in this run, which swings with load: the ratio if our code cost nothing over bare kafkajs doing the same work):',
    results.flatMap((r) =>
      r.ceiling
        ? [
            {
              result: r,
              limit: r.ceiling,
              source: `: ${r.ceiling.baselineCpuUsPerMsg} µs a message against ${r.ceiling.floorCpuUsPerMsg} µs for ${r.ceiling.floor}`,
            },
          ]
        : [],
    ),
  );
}

function formatNumber(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/**
 * One line per scenario with a measured bound, e.g. `outbox.relay  <= 0.594 × producer.raw
 * (outbox.relay-bare)`; says whether its target is above it, i.e. out of reach on this machine.
 */
export function formatBounds({ results }: BenchResults): string {
  return formatLimits(
    'bounds (measured in this run: plain pg + kafkajs doing the least work the scenario must, the ratio no implementation passes here):',
    results.flatMap((r) =>
      r.bound ? [{ result: r, limit: r.bound, source: ` (${r.bound.scenario})` }] : [],
    ),
  );
}

/** `title`, then `<scenario>  <= <ratio> × <baseline><source>; target … is under/ABOVE it` per limit; '' for none. */
function formatLimits(
  title: string,
  limits: {
    result: BenchResult;
    limit: { ratio: number; targetWithinReach: boolean | null };
    source: string;
  }[],
): string {
  if (limits.length === 0) return '';
  const width = Math.max(...limits.map(({ result }) => result.scenario.length));
  const lines = limits.map(({ result, limit, source }) => {
    const verdict =
      limit.targetWithinReach === null
        ? ''
        : `; target ${result.target} ${limit.targetWithinReach ? 'is under it' : 'is ABOVE it'}`;
    return `${result.scenario.padEnd(width)}  <= ${limit.ratio.toFixed(3)} × ${result.baseline}${source}${verdict}`;
  });
  return [title, ...lines].join('\n');
}
