import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.nx/', '.data/', 'reports/', 'coverage/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
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
            { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'axios', 'redis', 'cache-manager*', '@electric-sql/*'], message: 'The domain must not depend on infrastructure.' },
            { group: ['**/application/**', '**/infrastructure/**', '**/presentation/**'], message: 'Dependencies point inward only.' },
          ],
        },
      ],
    },
  },
);
