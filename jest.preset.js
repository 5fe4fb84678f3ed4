// Shared Jest settings: @swc/jest compiles TypeScript (with decorator metadata for Nest),
// unit specs sit beside the code, broker/DB tests are named *.int.spec.ts.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Integration tests talk to a real broker: give them time, never retry them silently.
  testTimeout: 60_000,
};
