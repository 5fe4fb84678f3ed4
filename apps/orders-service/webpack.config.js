const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { isAbsolute, join } = require('node:path');

// Workspace libraries (@platform/*) are TypeScript sources, so they are bundled into main.js.
// Every other package stays in node_modules: the generated dist package.json lists them and the
// Dockerfile installs them.
const isBundled = (request) =>
  request.startsWith('.') || isAbsolute(request) || request.startsWith('@platform/');

// A function, so @nx/webpack:webpack hands it the executor's options: `nx serve` (@nx/js:node)
// asks the build to watch and restarts the app after each rebuild. The executor reads `watch`
// from this object only; without it the build ended at once and serve restarted the app in a
// loop, every second, before it could start.
module.exports = (_config, { options }) => ({
  watch: Boolean(options.watch),
  output: { path: join(__dirname, '../../dist/apps/orders-service'), clean: true },
  externals: [
    ({ request }, callback) =>
      !request || isBundled(request) ? callback() : callback(null, `commonjs ${request}`),
  ],
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      // tsc (ts-loader) keeps emitDecoratorMetadata: Nest's dependency injection reads it.
      compiler: 'tsc',
      // Types are the typecheck target's job (tsc --noEmit, run beside build in CI); the build
      // only transpiles, which makes it about twice as fast.
      skipTypeChecking: true,
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      externalDependencies: 'none',
      mergeExternals: true,
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
      // The outbox library reads its SQL migrations from files: they travel with the bundle
      // (@platform/outbox-nest looks for them next to main.js first).
      assets: [
        { glob: '*.sql', input: 'libs/outbox/migrations', output: 'migrations/outbox' },
        // The saga tables' SQL likewise (sagaTableMigrations of @platform/saga-nest).
        { glob: '*.sql', input: 'libs/saga/src/store/migrations', output: 'migrations/saga' },
      ],
    }),
  ],
});
