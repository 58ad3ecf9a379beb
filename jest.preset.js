// Shared by every project's jest.config.js: SWC keeps decorator metadata (Nest DI needs it)
// and the aliases mirror tsconfig.base.json's paths.
const path = require('node:path');
const swcrc = JSON.parse(require('node:fs').readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@contexts/events/(.*)$': `${__dirname}/contexts/events/$1`,
    '^@shared/(.*)$': `${__dirname}/shared/$1`,
  },
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  setupFiles: ['reflect-metadata'],
};
