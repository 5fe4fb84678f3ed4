import { BenchUsageError } from './errors';
import type { Scenario } from './scenario';
import { parseTarget } from './target';

const NAME_PATTERN = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

/** Fails fast on a registry mistake: duplicate names, unknown or chained baselines, bad targets. */
export function validateRegistry(registry: readonly Scenario[]): void {
  const byName = new Map<string, Scenario>();
  for (const scenario of registry) {
    if (!NAME_PATTERN.test(scenario.name))
      throw new BenchUsageError(
        `Invalid scenario name "${scenario.name}", expected lower-case words joined by "." or "-".`,
      );
    if (byName.has(scenario.name))
      throw new BenchUsageError(`Scenario "${scenario.name}" is registered twice.`);
    byName.set(scenario.name, scenario);
  }
  for (const scenario of registry) {
    if (scenario.target !== undefined) parseTarget(scenario.target);
    if (scenario.baseline === undefined) {
      if (scenario.target !== undefined)
        throw new BenchUsageError(
          `Scenario "${scenario.name}" has a target but no baseline to compare with.`,
        );
      if (scenario.floor !== undefined)
        throw new BenchUsageError(
          `Scenario "${scenario.name}" has a floor but no baseline: its ceiling is a ratio to the baseline.`,
        );
      if (scenario.bound !== undefined)
        throw new BenchUsageError(
          `Scenario "${scenario.name}" has a bound but no baseline: a bound is a ratio to the baseline.`,
        );
      continue;
    }
    const baseline = byName.get(scenario.baseline);
    if (!baseline)
      throw new BenchUsageError(
        `Scenario "${scenario.name}" names baseline "${scenario.baseline}", which is not registered.`,
      );
    // One level only: a ratio means "against plain kafkajs", never against another of our layers.
    if (baseline.baseline !== undefined)
      throw new BenchUsageError(
        `Scenario "${scenario.name}" uses "${baseline.name}" as baseline, but that scenario has a baseline itself.`,
      );
    if (baseline.metric !== scenario.metric)
      throw new BenchUsageError(
        `Scenario "${scenario.name}" (${scenario.metric}) and its baseline "${baseline.name}" (${baseline.metric}) measure different metrics.`,
      );
    if (scenario.floor !== undefined) validateFloor(scenario, byName.get(scenario.floor));
    if (scenario.bound !== undefined) validateBound(scenario, byName.get(scenario.bound));
  }
}

/** A bound is a ratio to the same baseline, so it must be registered and share metric and baseline. */
function validateBound(scenario: Scenario, bound: Scenario | undefined): void {
  if (!bound)
    throw new BenchUsageError(
      `Scenario "${scenario.name}" names bound "${scenario.bound}", which is not registered.`,
    );
  if (bound.baseline !== scenario.baseline)
    throw new BenchUsageError(
      `Scenario "${scenario.name}" (baseline "${scenario.baseline}") names bound "${bound.name}" with baseline "${bound.baseline ?? 'none'}": a bound must be measured against the same baseline.`,
    );
}

/** A floor (bare kafkajs doing this scenario's work) must be registered and measure the same metric. */
function validateFloor(scenario: Scenario, floor: Scenario | undefined): void {
  if (!floor)
    throw new BenchUsageError(
      `Scenario "${scenario.name}" names floor "${scenario.floor}", which is not registered.`,
    );
  if (floor.metric !== scenario.metric)
    throw new BenchUsageError(
      `Scenario "${scenario.name}" (${scenario.metric}) and its floor "${floor.name}" (${floor.metric}) measure different metrics.`,
    );
}

/**
 * The scenarios to run, in order: the requested ones (all registered ones when none are named),
 * each preceded by its baseline, floor and bound when those were not requested, duplicates dropped.
 */
export function planScenarios(
  requested: readonly string[],
  registry: readonly Scenario[],
): Scenario[] {
  const byName = new Map(registry.map((scenario) => [scenario.name, scenario]));
  const unknown = requested.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    const valid = registry.map((scenario) => `  ${scenario.name}`).join('\n');
    throw new BenchUsageError(
      `Unknown scenario${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
      `Valid scenarios:\n${valid}`,
    );
  }
  const wanted = requested.length > 0 ? requested.map((name) => byName.get(name)!) : [...registry];
  const plan: Scenario[] = [];
  const add = (scenario: Scenario): void => {
    if (!plan.includes(scenario)) plan.push(scenario);
  };
  for (const scenario of wanted) {
    if (scenario.baseline !== undefined) add(byName.get(scenario.baseline)!);
    if (scenario.floor !== undefined) add(byName.get(scenario.floor)!);
    if (scenario.bound !== undefined) add(byName.get(scenario.bound)!);
    add(scenario);
  }
  return plan;
}
