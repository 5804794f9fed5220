// The shell: which screen is shown and whether the backend is reachable.

export type Screen = 'cluster' | 'topics' | 'topic' | 'messages' | 'produce' | 'groups' | 'schemas' | 'security' | 'settings' | 'transactions';

export interface AppSlice {
  screen: Screen;
  /** The bridge's link to the backend (the WebSocket in a browser; always up under Electron). */
  connected: boolean;
}

export const appSlice = (): AppSlice => ({ screen: 'cluster', connected: true });
