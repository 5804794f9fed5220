// Electron main: starts the local cluster and the console (app/console/start.ts), opens one window on the
// built renderer, and wires the contract to IPC: one ipcMain.handle per method of the contract's METHODS
// table, each checking that the message comes from our window's top frame showing our own page. Events go
// to the window on per-event channels. Quitting stops the console, then the brokers (clean shutdown).
//
// The window: contextIsolation on, sandbox on, nodeIntegration off, webSecurity on, no navigation or redirect
// away and no new windows, every permission request refused; the page carries a strict Content-Security-Policy
// (renderer/index.html), which is also sent as a header (app/csp.ts) for anything loaded over a protocol that
// has headers. Checked against Electron 45's API: nothing here is removed or deprecated there.

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron';
import { METHOD_NAMES } from '../contract.ts';
import { startBackend, type Backend } from '../console/service/start.ts';
import { callChannel, eventChannel } from '../preload/channels.ts';
import { CONTENT_SECURITY_POLICY } from '../csp.ts';
import { runLocalRegistry, type LocalRegistry } from '../console/service/local-registry.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_INDEX = path.resolve(here, '..', 'renderer', 'index.html');
const PRELOAD = path.resolve(here, '..', 'preload', 'preload.cjs');
const RENDERER_URL = pathToFileURL(RENDERER_INDEX).href;

let backend: Backend | undefined;
let registry: LocalRegistry | undefined;
let window: BrowserWindow | undefined;

/** Only our window's top frame, showing our own page, may call the backend. */
function trustedSender(e: IpcMainInvokeEvent): boolean {
  if (!window || e.sender !== window.webContents) return false;
  const frame = e.senderFrame;
  return frame !== null && frame.parent === null && frame.url.split(/[?#]/)[0] === RENDERER_URL;
}

function wireContract(b: Backend): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(callChannel(method), async (e, request: unknown) => {
      if (!trustedSender(e)) return { ok: false, error: { name: 'FORBIDDEN', message: 'This frame may not call Streamlab.' } };
      return b.console.dispatch(method, request, { clientId: `window-${e.sender.id}` });
    });
  }
  b.console.onEvent((event, payload) => {
    if (window && !window.isDestroyed()) window.webContents.send(eventChannel(event), payload);
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    title: 'Streamlab',
    show: false,
    backgroundColor: '#14171c',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Electron 45 passes the target on the event (the positional url argument is deprecated).
  const stayOnOurPage = (e: { url: string; preventDefault(): void }) => {
    if (e.url.split(/[?#]/)[0] !== RENDERER_URL) e.preventDefault();
  };
  win.webContents.on('will-navigate', stayOnOurPage);
  win.webContents.on('will-redirect', stayOnOurPage);
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const id = win.webContents.id;
  win.on('closed', () => {
    backend?.console.disconnect(`window-${id}`);
    window = undefined;
  });
  void win.loadFile(RENDERER_INDEX);
  return win;
}

async function main(): Promise<void> {
  await app.whenReady();
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  const userData = app.getPath('userData');
  try {
    backend = await startBackend({
      clusterDir: path.join(userData, 'cluster'),
      consoleDbFile: path.join(userData, 'console.db'),
      basePort: Number(process.env.STREAMLAB_PORT ?? 9092),
      host: 'electron',
      version: app.getVersion(),
      log: (m) => console.error(m),
    });
  } catch (e) {
    const { dialog } = await import('electron');
    dialog.showErrorBox('Streamlab could not start its cluster', `${(e as Error).message}\n\nIs another Streamlab (or Kafka) using port 9092?`);
    app.exit(1);
    return;
  }
  // The Schema Registry beside the cluster, on its security, following a restart on another mode; the app
  // runs on without it if it cannot start.
  registry = await runLocalRegistry(backend, {
    port: Number(process.env.STREAMLAB_REGISTRY_PORT ?? 8081),
    log: (m) => console.error(m),
    onStarted: (r) => r && console.error(`Streamlab Schema Registry: ${r.url}`),
  });
  wireContract(backend);
  window = createWindow();
  app.on('activate', () => {
    if (!window) window = createWindow();
  });
}

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !backend) return;
  e.preventDefault();
  quitting = true;
  const b = backend;
  void (registry?.close() ?? Promise.resolve()).catch(() => undefined).then(() => b.stop()).finally(() => app.exit(0));
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

void main();
