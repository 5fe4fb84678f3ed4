module.exports = { ...require('../../jest.preset.js'), displayName: 'kafka-local' };
