import { defineConfig } from 'vitest/config';

// Builds the renderer into dist/renderer; vitest reads its settings from here too.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: { outDir: '../dist/renderer', emptyOutDir: true },
  test: {
    root: '.',
    include: ['engine/**/*.test.ts', 'app/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
