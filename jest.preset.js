// Shared by every project's jest.config.js. ts-jest compiles file by file (isolatedModules: no
// type check, `make typecheck` does that), keeping the decorator metadata Nest's DI needs; the
// aliases mirror tsconfig.base.json's paths.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.spec.json') }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@contexts/events/(.*)$': `${__dirname}/contexts/events/$1`,
    '^@shared/(.*)$': `${__dirname}/shared/$1`,
  },
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  setupFiles: ['reflect-metadata'],
};
