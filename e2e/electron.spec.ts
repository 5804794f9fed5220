// The same smoke flow in the Electron app, wherever an Electron binary exists (CI installs without it:
// ELECTRON_SKIP_BINARY_DOWNLOAD=1, and then these tests are skipped).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { test, _electron as electron } from '@playwright/test';
import { smokeFlow } from './screens.ts';

function electronBinary(): string | undefined {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && fs.existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const root = path.resolve(import.meta.dirname, '..');

test('electron: the smoke flow in the desktop window', async () => {
  test.skip(!binary, 'no Electron binary here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the web project covers the UI');
  test.skip(!fs.existsSync(path.join(root, 'dist', 'main', 'main.js')), 'run npm run build first');
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-electron-'));
  const port = 29092 + Math.floor(Math.random() * 1000) * 4;
  const app = await electron.launch({
    executablePath: binary,
    args: [path.join(root, 'dist', 'main', 'main.js'), `--user-data-dir=${userData}`],
    env: { ...process.env, STREAMLAB_PORT: String(port) },
  });
  try {
    const page = await app.firstWindow();
    await smokeFlow(page, 'electron', [0, 1, 2].map((i) => `127.0.0.1:${port + i}`).join(','));
  } finally {
    await app.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
});
