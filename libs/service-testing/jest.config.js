module.exports = {
  ...require('../../jest.preset.js'),
  ...require('../../libs/testing/src/jest-integration.js'),
  displayName: 'service-testing',
};
