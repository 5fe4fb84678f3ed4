import type { Scenario } from '../scenario';
import { round } from '../stats';
import { generationWorkspace } from './generate-workspace';

/**
 * `nx g service` (our generator: a Kafka-wired Nest app with catalog, events, handlers, tests,
 * Dockerfile and compose entry, formatted) then its production build, against
 * generate.nest-application in the same temporary workspace. Target: at most 1.5 times as long.
 */
export const generateService: Scenario = {
  name: 'generate.service',
  description: 'nx g service --produces + nx build, ms, vs @nx/nest:application + build',
  metric: 'ms',
  baseline: 'generate.nest-application',
  target: '<= 1.5',
  async run(ctx) {
    const workspace = await generationWorkspace((line) => ctx.log(line));
    const name = `bench${process.pid}`;
    try {
      const started = performance.now();
      await workspace.nx(['g', 'service', name, '--produces=order.created']);
      await workspace.nx(['build', `${name}-service`, '--skip-nx-cache']);
      return { value: round(performance.now() - started, 0) };
    } finally {
      await workspace.reset();
    }
  },
};
