// Share groups against a fake bridge: the open group's share state, the external-cluster answer, and replaying
// dead letters (read from their partition, produced with the replay action).

import { describe, expect, it } from 'vitest';
import type { ConsumedRecord, SharePartitionState } from '../../app/contract.ts';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { refreshShareState, replayDeadLetters } from './share.actions.ts';
import { createAppStore } from './store.ts';

const state = (startOffset: number): SharePartitionState => ({
  topic: 'jobs', partition: 0, stateEpoch: 0, startOffset, endOffset: startOffset + 1, updatedAt: 1,
  inFlight: [{ offset: startOffset, state: 'Acquired', deliveryCount: 2, memberId: 'm1', lockDeadlineMs: 5 }],
  deadLetters: [{ offset: 1, deliveryCount: 5, reason: 'delivery-limit' }],
});

const rec = (offset: number): ConsumedRecord => ({ partition: 0, offset, timestamp: 0, key: null, value: Buffer.from(`v${offset}`).toString('base64'), headers: [], size: 2 });

describe('share groups', () => {
  it('reads the open group\'s share state; another group starts empty; an external cluster says why', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'groups.shareState': (r) => (r.groupId === 'ext' ? refuse('NOT_LOCAL_CLUSTER', 'local only')() : [state(r.groupId === 'a' ? 3 : 8)]) });
    await refreshShareState(store, bridge, 'a');
    expect(store.getState()).toMatchObject({ shareGroupId: 'a', shareState: [{ startOffset: 3, inFlight: [{ state: 'Acquired', deliveryCount: 2 }] }], shareStateUnavailable: null });
    await refreshShareState(store, bridge, 'b');
    expect(store.getState().shareState?.[0].startOffset).toBe(8);
    await refreshShareState(store, bridge, 'ext');
    expect(store.getState()).toMatchObject({ shareGroupId: 'ext', shareState: [], shareStateUnavailable: 'local only' });
    expect(store.getState().errors).toEqual([]);
  });

  it('replays dead letters: only the archived offsets are produced, to the chosen topic', async () => {
    const store = createAppStore();
    const { bridge, calls } = fakeBridge({
      'messages.browse': (r) => ({ topic: r.topic, partition: r.partition, logStartOffset: 0, highWatermark: 10, records: [r.offset, r.offset + 1, r.offset + 2].map(rec) }),
      'messages.replay': (r) => r.records.map((x) => ({ topic: r.topic, partition: 0, offset: x.offset })) as never,
    });
    const n = await replayDeadLetters(store, bridge, { topic: 'jobs', partition: 0, offsets: [4, 1, 2] }, 'jobs-dlq');
    expect(n).toBe(3);
    const replay = calls.find((c) => c.method === 'messages.replay')!.request as { topic: string; records: ConsumedRecord[] };
    expect(replay.topic).toBe('jobs-dlq');
    expect(replay.records.map((r) => r.offset)).toEqual([1, 2, 4]);
    // 1 and 2 came in the first page: only offsets 1 and 4 were read.
    expect(calls.filter((c) => c.method === 'messages.browse').map((c) => (c.request as { offset: number }).offset)).toEqual([1, 4]);
  });
});
