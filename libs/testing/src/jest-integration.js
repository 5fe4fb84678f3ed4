// Spread into a project's jest.config.js when it has *.int.spec.ts files: one broker and one
// Postgres are resolved before any worker starts and handed to the workers through env vars.
const { join } = require('node:path');

module.exports = {
  globalSetup: join(__dirname, 'jest-global-setup.ts'),
  globalTeardown: join(__dirname, 'jest-global-teardown.ts'),
};
