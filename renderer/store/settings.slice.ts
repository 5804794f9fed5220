// The app's settings (theme, default broker count, metrics retention), what the app knows of itself (data
// dir), and the saved cluster connections with the active one.

import type { AppInfo, ConnectionsState, Settings, Theme } from '../../app/contract.ts';

export interface SettingsSlice {
  /** Applied at once; saved in the background. */
  theme: Theme;
  settings: Settings | null;
  appInfo: AppInfo | null;
  connections: ConnectionsState | null;
}

export const settingsSlice = (): SettingsSlice => ({ theme: 'dark', settings: null, appInfo: null, connections: null });
