// Unit specs only: the generator reads source files and catalogs, it needs no broker.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'architecture',
};
