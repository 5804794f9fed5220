// The connection's one state: a cluster that does not answer (ENOTFOUND, or no answer within the time limit)
// is 'unreachable' with its error, not a notice on every screen; it clears when the cluster answers again,
// and switching connections forgets the previous cluster's errors. A live topic table follows the cluster.

import { describe, expect, it } from 'vitest';
import { refreshOverview } from './cluster.actions.ts';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { detail, overview } from './fixtures.ts';
import { refreshClusterMap } from './map.actions.ts';
import { reportError } from './notices.actions.ts';
import { switchConnection } from './settings.actions.ts';
import { createAppStore } from './store.ts';
import { followTopic } from './topic.actions.ts';

describe('cluster reach', () => {
  it('an unreachable cluster is one state with its error, and answering again clears it', async () => {
    const store = createAppStore();
    let down = true;
    const { bridge } = fakeBridge({
      'cluster.overview': () => (down ? refuse('ENOTFOUND', 'getaddrinfo ENOTFOUND kafka.invalid')() : overview),
      'cluster.map': () => refuse('ENOTFOUND', 'getaddrinfo ENOTFOUND kafka.invalid')(),
    });
    expect(store.getState().reach).toEqual({ state: 'reading' });
    await refreshOverview(store, bridge);
    await refreshClusterMap(store, bridge);
    expect(store.getState().reach).toEqual({ state: 'unreachable', error: { name: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND kafka.invalid' } });
    expect(store.getState().errors).toEqual([]);
    down = false;
    await refreshOverview(store, bridge);
    expect(store.getState().reach).toEqual({ state: 'reachable' });
  });

  it('a cluster that never answers is unreachable after the time limit, not a wait without end', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'cluster.overview': () => new Promise(() => undefined) });
    await refreshOverview(store, bridge, 20);
    expect(store.getState().reach).toMatchObject({ state: 'unreachable', error: { name: 'TIMEOUT' } });
    expect(store.getState().overviewLoading).toBe(false);
  });

  it("switching connections forgets the previous cluster's errors and picture", async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'connections.use': () => ({ activeId: 'local', connections: [] }), 'cluster.overview': () => overview });
    reportError(store, 'Read topic', new Error('getaddrinfo ENOTFOUND kafka.invalid'));
    store.setState({ reach: { state: 'unreachable', error: { name: 'ENOTFOUND', message: 'x' } } });
    await switchConnection(store, bridge, 'local');
    expect(store.getState().errors).toEqual([]);
    expect(store.getState().reach).toEqual({ state: 'reachable' });
  });

  it('follows the open topic: a new leader shows without a Refresh; a failed round keeps the table', async () => {
    const store = createAppStore();
    let leader = 1;
    let fail = false;
    const { bridge } = fakeBridge({
      'topics.describe': ({ topic }) => {
        if (fail) refuse('TIMEOUT', 'slow')();
        const d = detail(topic, 1);
        return { ...d, partitions: d.partitions.map((p) => ({ ...p, leader })) };
      },
    });
    store.setState({ selectedTopic: 'orders' });
    await followTopic(store, bridge);
    expect(store.getState().topicDetail?.partitions[0].leader).toBe(1);
    leader = 2;
    await followTopic(store, bridge);
    expect(store.getState().topicDetail?.partitions[0].leader).toBe(2);
    fail = true;
    await followTopic(store, bridge);
    expect(store.getState().topicDetail?.partitions[0].leader).toBe(2);
    expect(store.getState().errors).toEqual([]);
  });
});

describe('topic groups', () => {
  it("lists the groups reading a topic with their lag on that topic alone", async () => {
    const { loadTopicGroups } = await import('./topic.actions.ts');
    const store = createAppStore();
    store.setState({ selectedTopic: 'orders' });
    const { bridge } = fakeBridge({
      'groups.list': () => [
        { groupId: 'billing', state: 'STABLE', protocolType: 'consumer', members: 1, topics: ['orders', 'payments'], totalLag: 9 },
        { groupId: 'other', state: 'EMPTY', protocolType: 'consumer', members: 0, topics: ['payments'], totalLag: 1 },
      ],
      'groups.describe': ({ groupId }) => ({
        groupId, state: 'STABLE', protocol: 'range', members: [], totalLag: 9,
        offsets: [
          { topic: 'orders', partition: 0, committed: 3, endOffset: 5, lag: 2, memberId: null },
          { topic: 'orders', partition: 1, committed: null, endOffset: 4, lag: 4, memberId: 'm' },
          { topic: 'payments', partition: 0, committed: 0, endOffset: 3, lag: 3, memberId: null },
        ],
      }),
    });
    await loadTopicGroups(store, bridge, 'orders');
    expect(store.getState().topicGroups).toEqual({ topic: 'orders', groups: [{ groupId: 'billing', state: 'STABLE', members: 1, lag: 6, uncommitted: 1 }] });
  });
});
