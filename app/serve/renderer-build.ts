// The built renderer for the web host: dist/renderer, built on demand with vite when it is missing (a fresh
// clone after `npm ci`), as scripts/start.mjs does for Electron.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = path.join(REPO_ROOT, 'dist', 'renderer');

export async function ensureRenderer(log: (m: string) => void): Promise<string> {
  if (fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) return RENDERER_DIR;
  log('Building the UI (first run)...');
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
