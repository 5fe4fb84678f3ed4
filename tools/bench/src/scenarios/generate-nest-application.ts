import type { Scenario } from '../scenario';
import { round } from '../stats';
import { generationWorkspace } from './generate-workspace';

/**
 * The baseline of generate.service: what Nx itself offers, `nx g @nx/nest:application` then a
 * production build through the same @nx/webpack executor (NX_ADD_PLUGINS=false gives explicit
 * targets; the inferred one needs webpack-cli, which this repo does not install).
 * value = ms from the generator's start to the build's end, in a temporary copy of the workspace.
 */
export const generateNestApplication: Scenario = {
  name: 'generate.nest-application',
  description: 'nx g @nx/nest:application + nx build (webpack), ms, in a temporary copy of the workspace',
  metric: 'ms',
  async run(ctx) {
    const workspace = await generationWorkspace((line) => ctx.log(line));
    const name = `bench-nest-${process.pid}`;
    try {
      const started = performance.now();
      await workspace.nx(
        ['g', '@nx/nest:application', `apps/${name}`, '--skipPackageJson', '--e2eTestRunner=none', '--unitTestRunner=none', '--linter=none'],
        { NX_ADD_PLUGINS: 'false' },
      );
      await workspace.nx(['build', name, '--skip-nx-cache']);
      return { value: round(performance.now() - started, 0) };
    } finally {
      await workspace.reset();
    }
  },
};
