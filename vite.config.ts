import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One config, three builds (npm run build runs all three):
//   vite build                  the renderer into dist/renderer
//   vite build --mode main      Electron main into dist/main/main.js (ESM; dependencies stay external)
//   vite build --mode preload   the preload into dist/preload/preload.cjs (CommonJS: sandboxed preloads are)
// vitest reads its settings from the `test` section.

// Three vitest projects (npm test runs them all; npm run test:fast runs `unit` alone, in seconds):
//   unit         no cluster, no child process: codecs, storage on temp files, stores, components
//   integration  real clusters on random ports and real clients (kafkajs, kcat, @platformatic/kafka, the CLI)
//   long         the fuzz run, the Jepsen-style kill run, the scale run and librdkafka's regression suite
// A test that starts a cluster (testCluster, startCluster, startBackend) or the streamlab command belongs in
// engine/test/ or in the list below.
const ALL_TESTS = ['engine/**/*.test.ts', 'app/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'];
const INTEGRATION_TESTS = [
  'engine/test/**/*.test.ts',
  'engine/broker/handlers/topic-ids.test.ts',
  'engine/broker/handlers/broker-configs.test.ts',
  'app/serve/cli.test.ts',
  'app/serve/control-server.test.ts',
  'app/console/**/console.test.ts',
  'app/console/**/console-admin.test.ts',
  'app/console/**/console-reassign.test.ts',
  'app/console/**/console-transactions.test.ts',
  'app/console/**/console-txn-produce.test.ts',
  'app/console/**/search.test.ts',
  'app/console/schemas/schemas-console.test.ts',
  'app/console/**/consumer-protocol.test.ts',
  'app/console/**/secured-cluster.test.ts',
  'app/console/**/resource-configs.test.ts',
  'app/console/**/console-security*.test.ts',
  'app/console/kafka/sampler.test.ts',
  'engine/cluster/cluster-start.test.ts',
];
const LONG_TESTS = ['engine/broker/fuzz.test.ts', 'engine/test/jepsen.test.ts', 'engine/test/jepsen-transactions.test.ts', 'engine/test/scale.test.ts', 'engine/test/librdkafka-suite.test.ts'];

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
      testTimeout: 60_000,
      hookTimeout: 60_000,
      pool: 'forks',
      projects: [
        { extends: true, test: { name: 'unit', include: ALL_TESTS, exclude: [...INTEGRATION_TESTS, ...LONG_TESTS] } },
        { extends: true, test: { name: 'integration', include: INTEGRATION_TESTS, exclude: LONG_TESTS } },
        { extends: true, test: { name: 'long', include: LONG_TESTS, testTimeout: 15 * 60_000 } },
      ],
    },
  };
});
