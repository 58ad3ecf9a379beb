// Shared by every project's jest.config.js. ts-jest compiles file by file (isolatedModules: no
// type check, the typecheck targets do that), keeping the decorator metadata Nest's DI needs; the
// aliases mirror tsconfig.base.json's paths. Which files run (unit, int, e2e) is chosen by the Nx
// target with --testMatch; JSON reports are written only when JEST_REPORTS_DIR asks for them.
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
  // Int and e2e specs start processes and databases; on a busy 2-core machine that takes seconds.
  testTimeout: 30_000,
  reporters: process.env.JEST_REPORTS_DIR ? ['default', path.join(__dirname, 'tools/jest/json-file.reporter.js')] : ['default'],
};
