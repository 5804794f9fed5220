// The message browser and transactions, against a fake bridge: the isolation level goes with every read,
// changing it reads the partition again, and the page's markers, aborted offsets and last stable offset land
// in the store (and are forgotten with the partition).

import { describe, expect, it } from 'vitest';
import type { BrowseRequest, MessagePage } from '../../app/contract.ts';
import { fakeBridge } from './fake-bridge.ts';
import { rec } from './fixtures.ts';
import { loadPage, openPartition, setIsolation } from './messages.actions.ts';
import { PAGE_SIZE } from './messages.slice.ts';
import { createAppStore } from './store.ts';

/* A log of one committed transaction (0-1, COMMIT at 2), one aborted (3-4, ABORT at 5), and an open one from 6. */
function page(q: BrowseRequest): MessagePage {
  const committed = q.isolation === 'read_committed';
  const offsets = committed ? [0, 1] : [0, 1, 3, 4, 6];
  return {
    topic: q.topic, partition: q.partition, logStartOffset: 0, highWatermark: 7, lastStableOffset: 6,
    records: offsets.filter((o) => o >= q.offset).map(rec),
    markers: [
      { offset: 2, type: 'COMMIT', producerId: 1, producerEpoch: 0, timestamp: 5 },
      { offset: 5, type: 'ABORT', producerId: 1, producerEpoch: 1, timestamp: 6 },
    ].filter((m) => m.offset >= q.offset) as MessagePage['markers'],
    ...(committed ? {} : { abortedOffsets: [3, 4] }),
  };
}

describe('message browser: isolation and transaction markers', () => {
  it('reads read_uncommitted by default: every record, the markers, the aborted offsets and the LSO', async () => {
    const store = createAppStore();
    const { bridge, calls } = fakeBridge({ 'messages.browse': page });
    await openPartition(store, bridge, 'orders', 0);
    const s = store.getState();
    expect((calls[0].request as BrowseRequest).isolation).toBe('read_uncommitted');
    expect(s.pages[0].map((r) => r.offset)).toEqual([0, 1, 3, 4, 6]);
    expect(Object.values(s.markers).map((m) => [m.offset, m.type])).toEqual([[2, 'COMMIT'], [5, 'ABORT']]);
    expect(Object.keys(s.abortedOffsets).map(Number)).toEqual([3, 4]);
    expect(s.lastStableOffset).toBe(6);
  });

  it('switching to read_committed reads the partition again: aborted records gone, markers kept, nothing flagged', async () => {
    const store = createAppStore();
    const { bridge, calls } = fakeBridge({ 'messages.browse': page });
    await openPartition(store, bridge, 'orders', 0);
    await setIsolation(store, bridge, 'read_committed');
    const s = store.getState();
    expect(s.isolation).toBe('read_committed');
    expect(calls.map((c) => (c.request as BrowseRequest).isolation)).toEqual(['read_uncommitted', 'read_committed']);
    expect(s.pages[0].map((r) => r.offset)).toEqual([0, 1]);
    expect(Object.keys(s.markers).map(Number)).toEqual([2, 5]);
    expect(s.abortedOffsets).toEqual({});
    // The same level again reads nothing.
    await setIsolation(store, bridge, 'read_committed');
    expect(calls).toHaveLength(2);
    // Another page keeps the level.
    await loadPage(store, bridge, 1);
    expect((calls[2].request as BrowseRequest)).toMatchObject({ offset: PAGE_SIZE, isolation: 'read_committed' });
  });

  it('another partition starts without the last one\'s markers', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({
      'messages.browse': (q) => (q.topic === 'plain' ? { topic: 'plain', partition: 0, logStartOffset: 0, highWatermark: 1, records: [rec(0)] } : page(q)),
    });
    await openPartition(store, bridge, 'orders', 0);
    await openPartition(store, bridge, 'plain', 0);
    const s = store.getState();
    expect([s.markers, s.abortedOffsets, s.lastStableOffset]).toEqual([{}, {}, null]);
  });
});
