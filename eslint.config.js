// Lint rules. The one that matters most keeps the layers' imports one-way:
// engine/ is pure Node and never sees electron, react, app/ or renderer/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'react', 'react-dom', 'react/*', 'react-dom/*'], message: 'engine/ is pure Node: no electron or react.' },
          { group: ['**/app/**', '**/app', '**/renderer/**', '**/renderer'], message: 'engine/ never imports app/ or renderer/.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/engine/**', '**/engine', 'electron', 'node:*'], message: 'renderer/ talks to the backend only through app/contract.ts.' },
        ],
      }],
    },
  },
);
