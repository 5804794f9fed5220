// Settings and connections against a fake bridge: the theme applies at once, switching the connection
// forgets the previous cluster's state, each part of the Settings screen fails on its own.

import { describe, expect, it } from 'vitest';
import type { ConnectionsState, Settings } from '../../app/contract.ts';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { detail, overview } from './fixtures.ts';
import { deleteConnection, openSettings, saveSettings, setTheme, switchConnection } from './settings.actions.ts';
import { createAppStore } from './store.ts';

const settings: Settings = { theme: 'light', defaultBrokerCount: 3, metricsRetentionDays: 7 } as Settings;
const local = { id: 'local', name: 'Local cluster', bootstrapServers: '', sasl: null, tls: false };
const staging = { id: 'c1', name: 'staging', bootstrapServers: 'k:9092', sasl: null, tls: false };
const conns = (activeId: string, ...extra: (typeof staging)[]): ConnectionsState => ({ activeId, connections: [local, ...extra] } as ConnectionsState);

describe('settings', () => {
  it('opens Settings: a failing part is a notice, the others still show', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'app.info': refuse('IO_ERROR', 'no data dir'), 'settings.get': () => settings, 'connections.list': () => conns('local') });
    await openSettings(store, bridge);
    expect(store.getState()).toMatchObject({ theme: 'light', settings: { defaultBrokerCount: 3 }, connections: { activeId: 'local' }, appInfo: null });
    expect(store.getState().errors.map((e) => e.action)).toEqual(['Read app info']);
  });

  it('applies the theme at once and keeps it when saving fails; a refused save is thrown to the form', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'settings.update': refuse('INVALID_REQUEST', 'defaultBrokerCount must be 1..16') });
    await setTheme(store, bridge, 'light');
    expect(store.getState().theme).toBe('light');
    expect(store.getState().errors.map((e) => e.action)).toEqual(['Save theme']);
    await expect(saveSettings(store, bridge, { defaultBrokerCount: 99 })).rejects.toMatchObject({ name: 'INVALID_REQUEST' });
  });

  it('switching the connection forgets the previous cluster and reads the new one', async () => {
    const store = createAppStore();
    store.setState({ overview, selectedTopic: 'orders', topicDetail: detail('orders', 1), selectedGroup: 'g', groups: [] });
    const { bridge, methods } = fakeBridge({ 'connections.use': (r) => conns(r.id, staging), 'cluster.overview': () => ({ ...overview, local: false }) });
    await switchConnection(store, bridge, 'c1');
    expect(methods()).toEqual(['connections.use', 'cluster.overview']);
    expect(store.getState()).toMatchObject({ selectedTopic: null, topicDetail: null, selectedGroup: null, groups: null, connections: { activeId: 'c1' }, overview: { local: false } });
  });

  it('removing the active connection switches like Use; removing another only updates the list', async () => {
    const store = createAppStore();
    store.setState({ connections: conns('c1', staging), selectedTopic: 'orders' });
    const { bridge, methods } = fakeBridge({ 'connections.delete': () => conns('local'), 'cluster.overview': () => overview });
    await deleteConnection(store, bridge, staging);
    expect(methods()).toEqual(['connections.delete', 'cluster.overview']);
    expect(store.getState().selectedTopic).toBeNull();
    store.setState({ connections: conns('local', staging), selectedTopic: 'orders' });
    await deleteConnection(store, bridge, staging);
    expect(methods().slice(2)).toEqual(['connections.delete']);
    expect(store.getState().selectedTopic).toBe('orders');
  });
});
