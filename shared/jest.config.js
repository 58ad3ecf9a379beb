module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'shared',
  rootDir: __dirname,
};
