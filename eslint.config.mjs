import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

const SPECS = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.nx/', '.data/', 'reports/', 'coverage/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // A promise nobody awaits loses its error and its ordering; `void` says it is deliberate.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // The DOM's Event is a global in TypeScript's lib: a missing import must not type-check against it.
      'no-restricted-globals': ['error', { name: 'Event', message: 'Import the domain type you mean (TicketedEvent?).' }],
      '@typescript-eslint/no-restricted-types': ['error', { types: { Event: 'Import the domain type you mean (TicketedEvent?).' } }],
    },
  },
  {
    // Layers of a bounded context: dependencies point inward. Nest modules in presentation wire
    // the infrastructure in; nothing else outside infrastructure knows it exists.
    files: ['contexts/**/*.ts'],
    ignores: SPECS,
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: 'tsconfig.json' } },
      'boundaries/include': ['contexts/**/*', 'shared/**/*'],
      'boundaries/elements': [
        { type: 'domain', pattern: 'contexts/*/domain', mode: 'folder' },
        { type: 'application', pattern: 'contexts/*/application', mode: 'folder' },
        { type: 'infrastructure', pattern: 'contexts/*/infrastructure', mode: 'folder' },
        { type: 'wiring', pattern: 'contexts/*/presentation/**/*.module.ts', mode: 'full' },
        { type: 'presentation', pattern: 'contexts/*/presentation', mode: 'folder' },
        { type: 'testing', pattern: 'contexts/*/testing', mode: 'folder' },
        { type: 'shared-kernel', pattern: 'shared/domain', mode: 'folder' },
        { type: 'shared', pattern: 'shared', mode: 'folder' },
      ],
    },
    rules: {
      'boundaries/element-types': [
        'error',
        {
          default: 'disallow',
          message: '${file.type} must not depend on ${dependency.type}: dependencies point inward only.',
          rules: [
            { from: 'domain', allow: ['domain', 'shared-kernel'] },
            { from: 'application', allow: ['domain', 'application', 'shared-kernel', 'shared'] },
            { from: 'infrastructure', allow: ['domain', 'application', 'infrastructure', 'shared-kernel', 'shared'] },
            { from: 'presentation', allow: ['domain', 'application', 'presentation', 'shared-kernel', 'shared'] },
            { from: 'wiring', allow: ['domain', 'application', 'infrastructure', 'presentation', 'wiring', 'shared-kernel', 'shared'] },
            { from: 'testing', allow: ['domain', 'application', 'infrastructure', 'testing', 'shared-kernel', 'shared'] },
          ],
        },
      ],
    },
  },
  {
    // The domain speaks only its own language: no framework, ORM, HTTP client or cache leaks in.
    files: ['contexts/*/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'axios', 'redis', 'cache-manager*', '@electric-sql/*', 'prom-client', 'pino*'], message: 'The domain must not depend on infrastructure.' },
          ],
        },
      ],
    },
  },
  {
    // Use cases orchestrate ports; the technology behind them stays in infrastructure.
    files: ['contexts/*/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['typeorm', 'typeorm/*', 'pg', 'axios', 'redis', 'cache-manager*', '@electric-sql/*', 'prom-client', 'pino*', 'saxes'], message: 'Use cases depend on ports, not on technology.' },
          ],
        },
      ],
    },
  },
);
