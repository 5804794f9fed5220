// The built renderer for the web host: dist/renderer, built on demand with vite when it is missing (a fresh
// clone after `npm ci`) or older than its sources (a pull or an edit since the last build), as
// scripts/start.mjs does for Electron.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = path.join(REPO_ROOT, 'dist', 'renderer');

/** The newest modification time among the files the renderer is built from. */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  walk(path.join(REPO_ROOT, 'renderer'));
  for (const f of ['app/contract.ts', 'vite.config.ts', 'package.json']) newest = Math.max(newest, fs.statSync(path.join(REPO_ROOT, f)).mtimeMs);
  return newest;
}

export async function ensureRenderer(log: (m: string) => void): Promise<string> {
  const index = path.join(RENDERER_DIR, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : -1;
  if (built >= 0 && built >= newestSource()) return RENDERER_DIR;
  log(built < 0 ? 'Building the UI (first run)...' : 'Rebuilding the UI (its sources changed)...');
  const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', resolve);
    child.on('error', () => resolve(1));
  });
  if (code !== 0 || !fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`could not build the UI (vite build exited with ${code}); run 'npm run build' to see why`);
  }
  return RENDERER_DIR;
}
