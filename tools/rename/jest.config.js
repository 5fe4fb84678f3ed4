// No broker or database: the end-to-end spec renames a clone of this repository and typechecks it.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'rename',
};
