import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One config, three builds (npm run build runs all three):
//   vite build                  the renderer into dist/renderer
//   vite build --mode main      Electron main into dist/main/main.js (ESM; dependencies stay external)
//   vite build --mode preload   the preload into dist/preload/preload.cjs (CommonJS: sandboxed preloads are)
// vitest reads its settings from the `test` section.

/** Migrations are read from disk next to the module that opens the database: ship them next to main.js. */
function copyMigrations(): Plugin {
  return {
    name: 'streamlab-copy-migrations',
    closeBundle() {
      fs.cpSync('engine/catalog/migrations', 'dist/main/migrations', { recursive: true });
      fs.cpSync('app/console/stores/console-migrations', 'dist/main/console-migrations', { recursive: true });
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'main') {
    return {
      root: '.',
      publicDir: false,
      plugins: [copyMigrations()],
      build: {
        ssr: true,
        outDir: 'dist/main',
        emptyOutDir: true,
        target: 'node20',
        sourcemap: true,
        rollupOptions: {
          // The engine runs each broker in a worker thread whose entry it finds next to itself.
          input: { main: 'app/main/main.ts', 'broker-worker': 'engine/cluster/broker-worker.ts' },
          external: ['electron'],
          output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
        },
      },
    };
  }
  if (mode === 'preload') {
    return {
      root: '.',
      publicDir: false,
      build: {
        ssr: 'app/preload/preload.ts',
        outDir: 'dist/preload',
        emptyOutDir: true,
        target: 'node20',
        rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'preload.cjs' } },
      },
      ssr: { noExternal: true },
    };
  }
  return {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: { outDir: path.resolve('dist/renderer'), emptyOutDir: true },
    test: {
      root: '.',
      include: ['engine/**/*.test.ts', 'app/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      pool: 'forks',
    },
  };
});
