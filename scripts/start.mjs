// npm start: the Electron app. Where the Electron binary is missing (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1), say so and point to the browser host instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let electronPath;
try {
  electronPath = require('electron');
} catch {
  electronPath = undefined;
}
if (typeof electronPath !== 'string' || !existsSync(electronPath)) {
  console.error(
    [
      'The Electron binary is not installed (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed).',
      'Run the same app in your browser instead:  npm run serve',
      'or install the binary:  rm -rf node_modules/electron && npm install electron',
    ].join('\n'),
  );
  process.exit(1);
}

const main = path.join(root, 'dist', 'main', 'main.js');
const built = [main, path.join(root, 'dist', 'preload', 'preload.cjs'), path.join(root, 'dist', 'renderer', 'index.html')];
if (!built.every((f) => existsSync(f))) {
  // The same three builds as `npm run build`: renderer, main (--mode main), preload (--mode preload).
  for (const mode of [[], ['--mode', 'main'], ['--mode', 'preload']]) {
    const build = spawn(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', ...mode], { stdio: 'inherit', cwd: root });
    const code = await new Promise((resolve) => build.on('exit', resolve));
    if (code !== 0) break;
  }
  if (!built.every((f) => existsSync(f))) {
    console.error(`Could not build the app (${main} is missing). Use npm run serve meanwhile.`);
    process.exit(1);
  }
}
const child = spawn(electronPath, [main, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
child.on('exit', (code) => process.exit(code ?? 0));
