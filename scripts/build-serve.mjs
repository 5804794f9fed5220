// The built JavaScript for `npm run serve` and the `streamlab` command: app/serve/cli.ts and the broker
// worker's entry (engine/cluster/broker-worker.ts) bundled with esbuild into dist/serve/ (the worker also as
// broker-worker.cjs, which the brokers' threads run through a V8 code cache), with the catalog's
// and the console's migrations beside them (both are read from disk next to the module that opens the
// database). Dependencies stay in node_modules (native modules cannot be bundled). Running the bundle instead
// of the sources means no TypeScript is transpiled at start, in the main thread or in any broker's thread.
//
//   node scripts/build-serve.mjs        builds now (npm run build runs this)
//   ensureServeBuild(log)               builds only when the bundle is missing or older than a source it holds
//
// dist/serve/inputs.json lists the files the last build read (esbuild's metafile), so the freshness check
// stats exactly those. A build goes to a directory of its own and is renamed into place, so two starts that
// both rebuild never see a half-written bundle.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVE_DIR = path.join(ROOT, 'dist', 'serve');
export const SERVE_ENTRY = path.join(SERVE_DIR, 'cli.js');
const INPUTS = path.join(SERVE_DIR, 'inputs.json');
const MIGRATIONS = [
  ['engine/catalog/migrations', 'migrations'],
  ['app/console/stores/console-migrations', 'console-migrations'],
];

// V8 keeps each module's source text in the heap of every thread that runs it (the engine's is in the main
// thread and in each broker's). Without comments and indentation, and all ASCII (a single non-ASCII character
// in a comment makes V8 store the whole text at two bytes a character), the engine's text is 0.4 MB instead
// of 1.5 MB per copy. Names are kept, so stack traces read as before.
const SOURCE_TEXT = { minifyWhitespace: true, charset: 'ascii', legalComments: 'none' };

/** Every file the bundle depends on: the sources esbuild read, the migrations, and package.json. */
function sourcesOf(inputs) {
  const files = [...inputs, 'package.json', 'scripts/build-serve.mjs'];
  for (const [from] of MIGRATIONS) for (const f of fs.readdirSync(path.join(ROOT, from))) files.push(path.join(from, f));
  return files;
}

/** True when dist/serve exists and nothing it was built from changed since. */
export function serveBuildIsFresh() {
  let built;
  let inputs;
  try {
    built = fs.statSync(SERVE_ENTRY).mtimeMs;
    inputs = JSON.parse(fs.readFileSync(INPUTS, 'utf8'));
  } catch {
    return false;
  }
  for (const f of sourcesOf(inputs)) {
    try {
      if (fs.statSync(path.join(ROOT, f)).mtimeMs > built) return false;
    } catch {
      return false; // a source was removed or renamed: rebuild
    }
  }
  return true;
}

export async function buildServe() {
  const { build } = await import('esbuild');
  const tmp = `${SERVE_DIR}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: { cli: 'app/serve/cli.ts', 'broker-worker': 'engine/cluster/broker-worker.ts' },
      outdir: tmp,
      bundle: true,
      splitting: true, // the two entries share the engine: one copy of it, in a chunk
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
      ...SOURCE_TEXT,
      chunkNames: '[name]-[hash]', // beside the entries: modules find migrations and the worker next to themselves
    });
    // The broker worker again as one CommonJS file, which each broker thread runs through V8's code cache
    // (engine/cluster/code-cache.ts). import.meta.url is the file's own URL, as it is in the ES module.
    const worker = await build({
      absWorkingDir: ROOT,
      entryPoints: { 'broker-worker': 'engine/cluster/broker-worker.ts' },
      outdir: tmp,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
      ...SOURCE_TEXT,
      define: { 'import.meta.url': '__bundleUrl' },
      banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    });
    for (const [from, to] of MIGRATIONS) fs.cpSync(path.join(ROOT, from), path.join(tmp, to), { recursive: true });
    const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...Object.keys(worker.metafile.inputs)])].filter((f) => !f.startsWith('node_modules/'));
    fs.writeFileSync(path.join(tmp, 'inputs.json'), JSON.stringify(inputs));
    // The entry's mtime is the build's time: written last, after everything else is in place.
    fs.utimesSync(path.join(tmp, 'cli.js'), new Date(), new Date());
    fs.rmSync(SERVE_DIR, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, SERVE_DIR);
    } catch (e) {
      // Another start renamed its (equally fresh) build into place first: use that one.
      if (!fs.existsSync(SERVE_ENTRY)) throw e;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function ensureServeBuild(log) {
  if (serveBuildIsFresh()) return SERVE_ENTRY;
  log(fs.existsSync(SERVE_ENTRY) ? 'Rebuilding the server (its sources changed)...' : 'Building the server (first run)...');
  await buildServe();
  return SERVE_ENTRY;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServe();
}
