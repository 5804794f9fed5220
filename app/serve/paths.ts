// Where the app keeps its data when no --data-dir is given: the same folder Electron's userData uses, so the
// desktop app and `npm run serve` share one cluster.

import os from 'node:os';
import path from 'node:path';

export function defaultAppDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Streamlab');
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Streamlab');
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Streamlab');
  }
}

export function defaultClusterDir(): string {
  return path.join(defaultAppDataDir(), 'cluster');
}
