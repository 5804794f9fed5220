#!/usr/bin/env node
// The `streamlab` command (`npm run serve` is `streamlab serve`): runs the built app/serve/cli.ts from
// dist/serve/, building it first when it is missing or older than its sources (scripts/build-serve.mjs), so no
// TypeScript is transpiled at start. If the build fails, it says why and runs the sources through tsx instead.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureServeBuild } from '../scripts/build-serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let entry;
try {
  entry = await ensureServeBuild((m) => console.error(m));
} catch (e) {
  console.error(`streamlab: could not build the server (${e.message.split('\n')[0]}); running it from source`);
}
if (entry) {
  // The bundle reads its command from process.argv.slice(2), as it would when run directly.
  process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
  await import(pathToFileURL(entry).href);
} else {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, path.join(root, 'app', 'serve', 'cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
