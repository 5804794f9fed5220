// npm start: the Electron app. Electron 45's npm package has no install step: its binary is downloaded the first
// time it is needed (`install-electron`, which `require('electron')` runs on its own). This asks for it
// explicitly, once, and where it cannot be downloaded (offline, a proxy, a platform without builds) says so
// and points to the browser host instead of failing with a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable, if the binary is on disk (found the way electron/index.js finds it, without downloading). */
function installedElectron(dir) {
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const exe = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist'), readFileSync(pathFile, 'utf8'));
  return existsSync(exe) ? exe : undefined;
}

let electronDir;
try {
  electronDir = path.dirname(require.resolve('electron/package.json'));
} catch {
  electronDir = undefined;
}
let electronPath = electronDir && installedElectron(electronDir);
if (electronDir && !electronPath) {
  console.error('Downloading the Electron binary (first start)...');
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: ['ignore', 'ignore', 'ignore'], cwd: electronDir });
  electronPath = installedElectron(electronDir);
}
if (!electronPath) {
  console.error(
    [
      electronDir
        ? 'The Electron binary is not installed and could not be downloaded (offline, or behind a proxy?).'
        : 'Electron is not installed (node_modules/electron is missing: run npm ci).',
      'Run the same app in your browser instead:  npm run serve',
      'or fetch the binary when you are online:  npx install-electron',
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
