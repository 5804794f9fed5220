// The store and its actions as plain TypeScript, against a fake bridge (no DOM needed).

import { describe, expect, it } from 'vitest';
import type { Bridge, ClusterOverview, EventName, MessagePage, MethodName } from '../../app/contract.ts';
import { StreamlabError } from '../../app/contract.ts';
import {
  applyClusterState, attachEvents, brokerAction, createTopic, dismissError, loadPage, openPartition, recordAt, refreshOverview, reportError,
} from './actions.ts';
import { PAGE_SIZE, createAppStore } from './store.ts';

const overview: ClusterOverview = {
  clusterId: 'c', controllerId: 1, bootstrapServers: '127.0.0.1:9092', local: true,
  brokers: [1, 2, 3].map((id) => ({ id, host: '127.0.0.1', port: 9091 + id, state: 'running' as const, leaderCount: 1, replicaCount: 1, isController: id === 1 })),
  topics: [], underReplicatedPartitions: 0, offlinePartitions: 0,
};

type Handler = (req: unknown) => unknown;

function fakeBridge(handlers: Partial<Record<MethodName, Handler>>) {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const calls: { method: MethodName; request: unknown }[] = [];
  const bridge = {
    async call(method: MethodName, request?: unknown) {
      calls.push({ method, request });
      const h = handlers[method];
      if (!h) throw new StreamlabError({ name: 'UNKNOWN_METHOD', message: method });
      return h(request);
    },
    on(event: EventName, l: (p: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(l);
      return () => set.delete(l);
    },
  } as unknown as Bridge;
  const emit = (event: EventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  return { bridge, calls, emit };
}

describe('store', () => {
  it('loads the overview and applies cluster.state events to it', async () => {
    const store = createAppStore();
    const { bridge, emit } = fakeBridge({ 'cluster.overview': () => overview });
    attachEvents(store, bridge);
    await refreshOverview(store, bridge);
    expect(store.getState().overview?.brokers).toHaveLength(3);
    emit('cluster.state', { at: 1, brokers: overview.brokers.map((b) => (b.id === 2 ? { ...b, state: 'stopped' } : b)), underReplicatedPartitions: 0, offlinePartitions: 2 });
    expect(store.getState().overview?.brokers[1].state).toBe('stopped');
    expect(store.getState().overview?.offlinePartitions).toBe(2);
  });

  it('ignores cluster.state before the first overview', () => {
    const store = createAppStore();
    applyClusterState(store, { at: 1, brokers: [], underReplicatedPartitions: 0, offlinePartitions: 0 });
    expect(store.getState().overview).toBeNull();
  });

  it("turns a failed call into a dismissible notice with Kafka's error name", async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({
      'brokers.action': () => { throw new StreamlabError({ name: 'NOT_LOCAL_CLUSTER', message: 'Only in the local cluster.' }); },
    });
    await brokerAction(store, bridge, 2, 'kill');
    const [n] = store.getState().errors;
    expect(n).toMatchObject({ name: 'NOT_LOCAL_CLUSTER', message: 'Only in the local cluster.', action: 'Kill broker 2' });
    expect(store.getState().brokerBusy[2]).toBe(false);
    reportError(store, 'Kill broker 2', new StreamlabError({ name: 'NOT_LOCAL_CLUSTER', message: 'Only in the local cluster.' }));
    expect(store.getState().errors).toHaveLength(1); // the same message is not stacked
    dismissError(store, store.getState().errors[0].id);
    expect(store.getState().errors).toHaveLength(0);
  });

  it('createTopic rethrows the refusal for the dialog, and refreshes on success', async () => {
    const store = createAppStore();
    const { bridge, calls } = fakeBridge({
      'topics.create': (r) => {
        if ((r as { name: string }).name === 'dup') throw new StreamlabError({ name: 'TOPIC_ALREADY_EXISTS', message: "Topic 'dup' already exists.", kafkaCode: 36 });
        return {};
      },
      'cluster.overview': () => overview,
    });
    await expect(createTopic(store, bridge, { name: 'dup', partitions: 1, replicationFactor: 1, configs: {} })).rejects.toMatchObject({ name: 'TOPIC_ALREADY_EXISTS', kafkaCode: 36 });
    await createTopic(store, bridge, { name: 'ok', partitions: 1, replicationFactor: 1, configs: {} });
    expect(calls.map((c) => c.method)).toEqual(['topics.create', 'topics.create', 'cluster.overview']);
  });

  it('pages messages by offset from the log start, loading each page once', async () => {
    const store = createAppStore();
    const page = (offset: number, limit: number): MessagePage => ({
      topic: 't', partition: 0, logStartOffset: 50, highWatermark: 400,
      records: Array.from({ length: Math.min(limit, 400 - Math.max(50, offset)) }, (_, i) => ({
        partition: 0, offset: Math.max(50, offset) + i, timestamp: 0, key: null, value: null, headers: [], size: 0,
      })),
    });
    const { bridge, calls } = fakeBridge({ 'messages.browse': (r) => { const q = r as { offset: number; limit: number }; return page(q.offset, q.limit); } });
    await openPartition(store, bridge, 't', 0);
    let s = store.getState();
    expect(s.screen).toBe('messages');
    expect([s.logStartOffset, s.highWatermark]).toEqual([50, 400]);
    expect(s.pages[0][0].offset).toBe(50);
    await loadPage(store, bridge, 2);
    await loadPage(store, bridge, 2);
    s = store.getState();
    expect(calls.filter((c) => c.method === 'messages.browse').map((c) => (c.request as { offset: number }).offset)).toEqual([0, 50 + 2 * PAGE_SIZE]);
    expect(recordAt(store, 50 + 2 * PAGE_SIZE + 3)?.offset).toBe(50 + 2 * PAGE_SIZE + 3);
    expect(recordAt(store, 50 + PAGE_SIZE)).toBeUndefined();
  });
});
