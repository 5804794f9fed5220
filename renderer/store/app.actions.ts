// Moving between screens and following the backend link.

import type { Bridge } from '../../app/contract.ts';
import { refreshOverview } from './cluster.actions.ts';
import type { Screen } from './app.slice.ts';
import type { AppStore } from './store.ts';

export function navigate(store: AppStore, screen: Screen): void {
  store.setState({ screen });
}

export function toggleSidebar(store: AppStore): void {
  store.setState((s) => ({ sidebarCollapsed: !s.sidebarCollapsed }));
}

export function openBroker(store: AppStore, brokerId: number): void {
  store.setState({ screen: 'broker', selectedBroker: brokerId });
}

/** The link went down or came back; when it is back, the cluster is read again (it may have changed). */
export function setConnected(store: AppStore, bridge: Bridge, connected: boolean): void {
  store.setState({ connected });
  if (connected) void refreshOverview(store, bridge);
}
