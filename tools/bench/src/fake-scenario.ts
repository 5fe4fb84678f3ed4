import type { Scenario } from './scenario';

/** A scenario that needs no broker, for the harness's own specs. */
export function fakeScenario(
  name: string,
  options: Partial<Omit<Scenario, 'name'>> = {},
): Scenario {
  return {
    name,
    description: `fake ${name}`,
    metric: 'msgs_per_s',
    run: async () => ({ value: 1 }),
    ...options,
  };
}
