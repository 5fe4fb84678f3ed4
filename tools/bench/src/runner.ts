import { createContext, type TopicPool } from './context';
import type { Measurement } from './results';
import type { Scenario } from './scenario';

export interface RunBenchOptions {
  scenarios: readonly Scenario[];
  runs: number;
  messages: number;
  brokers: readonly string[];
  topics: TopicPool;
  log: (line: string) => void;
}

/**
 * Runs every scenario once as a warm-up, then `runs` counted rounds. Rounds interleave the
 * scenarios (A B A B …, not A A B B …) so a slow spell of the shared machine hits a scenario and its
 * baseline alike. Topics are deleted after each run, outside the timing. The first failure aborts.
 */
export async function runBench({
  scenarios,
  runs,
  messages,
  brokers,
  topics,
  log,
}: RunBenchOptions): Promise<Measurement[]> {
  const samples = new Map<Scenario, number[]>(scenarios.map((scenario) => [scenario, []]));
  const details = new Map<Scenario, Record<string, number>[]>(
    scenarios.map((scenario) => [scenario, []]),
  );
  for (let round = 0; round <= runs; round++) {
    for (const scenario of scenarios) {
      const label = round === 0 ? 'warm-up' : `run ${round}/${runs}`;
      const ctx = createContext({
        brokers,
        messages,
        topics,
        log: (line) => log(`${scenario.name} ${label}: ${line}`),
      });
      let value: number;
      let extra: Readonly<Record<string, number>> | undefined;
      try {
        ({ value, details: extra } = await scenario.run(ctx));
      } catch (error) {
        throw new Error(
          `${scenario.name} ${label} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      } finally {
        await topics.deleteAll();
      }
      if (!Number.isFinite(value) || value <= 0)
        throw new Error(
          `${scenario.name} ${label} reported ${value} ${scenario.metric}; expected a positive number.`,
        );
      log(
        `${scenario.name} ${label}: ${Math.round(value).toLocaleString('en-US')} ${scenario.metric}`,
      );
      if (round > 0) {
        samples.get(scenario)!.push(value);
        if (extra) details.get(scenario)!.push({ ...extra });
      }
    }
  }
  return scenarios.map((scenario) => {
    const measured = details.get(scenario)!;
    return {
      scenario,
      messages,
      samples: samples.get(scenario)!,
      ...(measured.length > 0 ? { details: measured } : {}),
    };
  });
}
