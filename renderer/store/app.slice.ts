// The shell: which screen is shown and whether the backend is reachable.

export type Screen = 'map' | 'cluster' | 'broker' | 'topics' | 'topic' | 'messages' | 'produce' | 'groups' | 'schemas' | 'security' | 'transactions' | 'settings';

export interface AppSlice {
  screen: Screen;
  /** The broker whose page is open. */
  selectedBroker: number | null;
  /** The sidebar shows short labels only (it also does by itself on a narrow window). */
  sidebarCollapsed: boolean;
  /** The bridge's link to the backend (the WebSocket in a browser; always up under Electron). */
  connected: boolean;
}

export const appSlice = (): AppSlice => ({ screen: 'map', selectedBroker: null, sidebarCollapsed: false, connected: true });
