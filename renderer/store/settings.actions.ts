// Settings and connections. Switching the active connection switches every screen: what was read from the
// previous cluster is forgotten before the new one is read.

import type { Bridge, ConnectionConfig, ConnectionsState, Settings, Theme } from '../../app/contract.ts';
import { refreshOverview } from './cluster.actions.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';

export async function loadSettings(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    const settings = await bridge.call('settings.get');
    store.setState({ settings, theme: settings.theme });
  } catch (e) {
    reportError(store, 'Load settings', e);
  }
}

/** Everything the Settings screen shows, each part failing on its own. */
export async function openSettings(store: AppStore, bridge: Bridge): Promise<void> {
  await Promise.all([
    bridge.call('app.info').then((appInfo) => store.setState({ appInfo }), (e) => reportError(store, 'Read app info', e)),
    loadSettings(store, bridge),
    loadConnections(store, bridge),
  ]);
}

export async function setTheme(store: AppStore, bridge: Bridge, theme: Theme): Promise<void> {
  store.setState({ theme });
  try {
    const settings = await bridge.call('settings.update', { theme });
    store.setState({ settings });
  } catch (e) {
    reportError(store, 'Save theme', e);
  }
}

/** Saves; a refusal (a count out of range) is thrown to the form, which shows it. */
export async function saveSettings(store: AppStore, bridge: Bridge, patch: Partial<Omit<Settings, 'theme'>>): Promise<void> {
  const settings = await bridge.call('settings.update', patch);
  store.setState({ settings });
}

export async function loadConnections(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    store.setState({ connections: await bridge.call('connections.list') });
  } catch (e) {
    reportError(store, 'List connections', e);
  }
}

/** Forget what the previous cluster showed (its errors too), then read the new one. */
async function switched(store: AppStore, bridge: Bridge, connections: ConnectionsState): Promise<void> {
  store.setState({
    connections, topicDetail: null, selectedTopic: null, segments: null, groups: null, selectedGroup: null, groupDetail: null, overview: null,
    errors: [], reach: { state: 'reading' }, clusterMap: null, timeline: [], leaderMoves: {}, timelineSource: null, timelineClearedAt: 0,
  });
  await refreshOverview(store, bridge);
}

export async function switchConnection(store: AppStore, bridge: Bridge, id: string): Promise<void> {
  try {
    await switched(store, bridge, await bridge.call('connections.use', { id }));
  } catch (e) {
    reportError(store, 'Switch connection', e);
  }
}

/** Saves; a refusal (no bootstrap servers) is thrown to the form. */
export async function saveConnection(store: AppStore, bridge: Bridge, config: ConnectionConfig): Promise<void> {
  store.setState({ connections: await bridge.call('connections.save', config) });
}

export async function deleteConnection(store: AppStore, bridge: Bridge, c: ConnectionConfig): Promise<void> {
  try {
    const wasActive = store.getState().connections?.activeId === c.id;
    const connections = await bridge.call('connections.delete', { id: c.id });
    if (wasActive) await switched(store, bridge, connections);
    else store.setState({ connections });
  } catch (e) {
    reportError(store, `Remove connection ${c.name}`, e);
  }
}
