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
    // app/ reaches the engine through its public surface only (DESIGN.md, data path 3).
    files: ['app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '(^|/)engine/(?!index\\.ts$).+', message: 'app/ imports the engine only through engine/index.ts.' },
          { group: ['**/renderer/**', '**/renderer'], message: 'app/ never imports renderer/.' },
        ],
      }],
    },
  },
  {
    // app/'s tests may also use the engine's test surface (the cluster fixture).
    files: ['app/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '(^|/)engine/(?!(index|testing)\\.ts$).+', message: "app/'s tests import the engine only through engine/index.ts or engine/testing.ts." },
          { group: ['**/renderer/**', '**/renderer'], message: 'app/ never imports renderer/.' },
        ],
      }],
    },
  },
  {
    // Benchmarks drive the engine as its users do: the public surface, plus the fixture and storage pieces
    // engine/testing.ts offers for tests and benchmarks.
    files: ['bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '(^|/)engine/(?!(index|testing)\\.ts$).+', message: 'bench/ imports the engine only through engine/index.ts or engine/testing.ts.' },
          { group: ['**/renderer/**', '**/renderer'], message: 'bench/ never imports renderer/.' },
        ],
      }],
    },
  },
  {
    // The contract is shared with the renderer: it imports only its shape kit and its shape files by resource,
    // those import only the kit and each other, and the kit imports nothing.
    files: ['app/contract.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./contract-schema\\.ts$|\\./contract/[\\w-]+\\.ts$).*', message: 'app/contract.ts imports only ./contract-schema.ts and ./contract/*.ts, so the renderer can import it.' }] }] },
  },
  {
    files: ['app/contract/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.\\./contract-schema\\.ts$|\\./[\\w-]+\\.ts$).*', message: 'app/contract/*.ts import only ../contract-schema.ts and each other (no node:, no engine, no app code), so the renderer can import them.' }] }] },
  },
  {
    files: ['app/contract-schema.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '.*', message: 'app/contract-schema.ts imports nothing: the renderer imports it through the contract.' }] }] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/engine/**', '**/engine', 'electron', 'node:*'], message: 'renderer/ talks to the backend only through app/contract.ts.' },
          { regex: '(^|/)app/(?!contract\\.ts$).+', message: 'renderer/ imports only app/contract.ts from app/.' },
        ],
      }],
    },
  },
);
