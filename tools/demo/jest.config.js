module.exports = {
  ...require('../../jest.preset.js'),
  ...require('../../libs/testing/src/jest-integration.js'),
  displayName: 'demo',
  // The demo's services use the fixed consumer groups orders, inventory and payments: two suites
  // at once would share partitions between their services.
  maxWorkers: 1,
};
