import { addProjectConfiguration, generateFiles, offsetFromRoot, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import type { NormalizedServiceOptions } from './normalize-options';

/**
 * The Nx project: a production build like @nx/nest:application's (webpack through @nx/webpack,
 * ts-loader keeping decorator metadata), serve; typecheck comes from nx.json's targetDefaults,
 * test and lint are inferred by the jest and eslint plugins from jest.config.js and the root
 * eslint config, as for every other project.
 */
export function addProject(tree: Tree, options: NormalizedServiceOptions): void {
  addProjectConfiguration(tree, options.projectName, {
    root: options.projectRoot,
    sourceRoot: `${options.projectRoot}/src`,
    projectType: 'application',
    tags: options.tags,
    targets: {
      build: {
        executor: '@nx/webpack:webpack',
        outputs: ['{options.outputPath}'],
        defaultConfiguration: 'production',
        options: {
          outputPath: `dist/${options.projectRoot}`,
          webpackConfig: `${options.projectRoot}/webpack.config.js`,
        },
        configurations: { development: {}, production: {} },
      },
      serve: {
        continuous: true,
        executor: '@nx/js:node',
        defaultConfiguration: 'development',
        dependsOn: ['build'],
        options: { buildTarget: `${options.projectName}:build:development`, runBuildTargetDependencies: false },
        configurations: { production: { buildTarget: `${options.projectName}:build:production` } },
      },
      typecheck: {},
    },
  });
}

/** files/common, its --outbox and --saga parts switched by flag (the wiring lives in @platform/outbox-nest and @platform/saga-nest). */
export function addFiles(tree: Tree, options: NormalizedServiceOptions): void {
  const variables = { ...options, offsetFromRoot: offsetFromRoot(options.projectRoot) };
  generateFiles(tree, join(__dirname, '..', 'files', 'common'), options.projectRoot, variables);
}
