// The cluster slice and its actions against a fake bridge: the overview and its events, broker actions and
// their refusals as notices, the shell's link state.

import { describe, expect, it } from 'vitest';
import { setConnected, navigate } from './app.actions.ts';
import { addBroker, applyClusterState, brokerAction, refreshOverview } from './cluster.actions.ts';
import { selectBrokers, selectTopics } from './cluster.slice.ts';
import { attachEvents } from './events.ts';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { overview } from './fixtures.ts';
import { dismissError, reportError } from './notices.actions.ts';
import { createAppStore } from './store.ts';
import { StreamlabError } from '../../app/contract.ts';

describe('cluster', () => {
  it('loads the overview and applies cluster.state events to it', async () => {
    const store = createAppStore();
    const { bridge, emit } = fakeBridge({ 'cluster.overview': () => overview });
    attachEvents(store, bridge);
    const loading = refreshOverview(store, bridge);
    expect(store.getState().overviewLoading).toBe(true);
    await loading;
    expect(store.getState().overviewLoading).toBe(false);
    expect(store.getState().overview?.brokers).toHaveLength(3);
    emit('cluster.state', { at: 1, brokers: overview.brokers.map((b) => (b.id === 2 ? { ...b, state: 'stopped' as const } : b)), underReplicatedPartitions: 0, offlinePartitions: 2 });
    expect(store.getState().overview?.brokers[1].state).toBe('stopped');
    expect(store.getState().overview?.offlinePartitions).toBe(2);
    emit('metrics.sample', { at: 5, brokers: {}, topics: {} } as never);
    expect(store.getState().metrics).toMatchObject({ at: 5 });
  });

  it('ignores cluster.state before the first overview', () => {
    const store = createAppStore();
    applyClusterState(store, { at: 1, brokers: [], underReplicatedPartitions: 0, offlinePartitions: 0 });
    expect(store.getState().overview).toBeNull();
  });

  it('answers the same empty list for the same state, so a view reading it before the overview does not re-render forever', () => {
    const store = createAppStore();
    const s = store.getState();
    expect(selectTopics(s)).toBe(selectTopics(s));
    expect(selectTopics(s)).toHaveLength(0);
    expect(selectBrokers(s)).toBe(selectBrokers(store.getState()));
    store.setState({ screen: 'messages' }); // an unrelated change keeps the same answer
    expect(selectTopics(store.getState())).toBe(selectTopics(s));
    store.setState({ overview: { ...overview, topics: [{ name: 't' } as never] } });
    expect(selectTopics(store.getState()).map((t) => t.name)).toEqual(['t']);
  });

  it("turns a failed call into a dismissible notice with Kafka's error name", async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'brokers.action': refuse('NOT_LOCAL_CLUSTER', 'Only in the local cluster.') });
    await brokerAction(store, bridge, 2, 'kill');
    const [n] = store.getState().errors;
    expect(n).toMatchObject({ name: 'NOT_LOCAL_CLUSTER', message: 'Only in the local cluster.', action: 'Kill broker 2' });
    expect(store.getState().brokerBusy[2]).toBe(false);
    reportError(store, 'Kill broker 2', new StreamlabError({ name: 'NOT_LOCAL_CLUSTER', message: 'Only in the local cluster.' }));
    expect(store.getState().errors).toHaveLength(1); // the same message is not stacked
    dismissError(store, store.getState().errors[0].id);
    expect(store.getState().errors).toHaveLength(0);
  });

  it('marks a broker busy while its action runs, then shows the brokers the action answered', async () => {
    const store = createAppStore();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const { bridge, methods } = fakeBridge({
      'brokers.action': async () => { await gate; return overview.brokers.map((b) => (b.id === 3 ? { ...b, state: 'stopped' as const } : b)); },
      'cluster.overview': () => overview,
    });
    await refreshOverview(store, bridge);
    const acting = brokerAction(store, bridge, 3, 'stop');
    expect(store.getState().brokerBusy[3]).toBe(true);
    release();
    await acting;
    expect(store.getState().brokerBusy[3]).toBe(false);
    expect(methods()).toEqual(['cluster.overview', 'brokers.action', 'cluster.overview']);
  });

  it('adds a broker and reads the cluster again; a refusal is a notice', async () => {
    const store = createAppStore();
    const { bridge, methods } = fakeBridge({ 'brokers.add': () => [...overview.brokers, { ...overview.brokers[0], id: 4 }], 'cluster.overview': () => overview });
    await addBroker(store, bridge);
    expect(methods()).toEqual(['brokers.add', 'cluster.overview']);
    const refused = fakeBridge({ 'brokers.add': refuse('NOT_LOCAL_CLUSTER', 'External clusters have no lifecycle.') });
    await addBroker(store, refused.bridge);
    expect(store.getState().errors.map((e) => [e.action, e.name])).toEqual([['Add a broker', 'NOT_LOCAL_CLUSTER']]);
  });

  it('follows the backend link: reconnecting reads the cluster again', async () => {
    const store = createAppStore();
    const { bridge, methods } = fakeBridge({ 'cluster.overview': () => overview });
    setConnected(store, bridge, false);
    expect(store.getState().connected).toBe(false);
    expect(methods()).toEqual([]);
    setConnected(store, bridge, true);
    await Promise.resolve();
    expect(store.getState().connected).toBe(true);
    expect(methods()).toEqual(['cluster.overview']);
    navigate(store, 'groups');
    expect(store.getState().screen).toBe('groups');
  });
});
