// The whole-topic stream against a fake bridge: partitions' latest records merged by timestamp, one tail per
// partition from where the read ended, tail records merged in order (duplicates dropped, bounded), closing
// stops every tail.

import { describe, expect, it } from 'vitest';
import type { ConsumedRecord } from '../../app/contract.ts';
import { fakeBridge } from './fake-bridge.ts';
import { detail } from './fixtures.ts';
import { applyStreamTail, closeStream, openStream } from './stream.actions.ts';
import { mergeRecords } from './stream.slice.ts';
import { createAppStore } from './store.ts';
import { routeOf } from './route.actions.ts';

const at = (partition: number, offset: number, timestamp: number): ConsumedRecord => ({ partition, offset, timestamp, key: null, value: null, headers: [], size: 0 });

describe('whole-topic stream', () => {
  it('merges partitions by timestamp and follows each partition from its end', async () => {
    const store = createAppStore();
    let sub = 0;
    const { bridge, calls } = fakeBridge({
      'topics.describe': ({ topic }) => {
        const d = detail(topic, 2);
        return { ...d, partitions: d.partitions.map((p) => ({ ...p, highWatermark: 2 })) };
      },
      'messages.browse': ({ topic, partition }) => ({
        topic, partition, logStartOffset: 0, highWatermark: 2,
        records: partition === 0 ? [at(0, 0, 10), at(0, 1, 30)] : [at(1, 0, 20), at(1, 1, 40)],
      }),
      'tail.start': () => ({ subscriptionId: `t${++sub}` }),
      'tail.stop': () => undefined,
    });
    await openStream(store, bridge, 'orders');
    const order = () => store.getState().stream!.records.map((r) => `${r.partition}:${r.offset}`);
    expect(order()).toEqual(['0:0', '1:0', '0:1', '1:1']);
    expect(calls.filter((c) => c.method === 'tail.start').map((c) => c.request)).toEqual([
      { topic: 'orders', partition: 0, fromOffset: 2 }, { topic: 'orders', partition: 1, fromOffset: 2 },
    ]);
    applyStreamTail(store, { subscriptionId: 't2', topic: 'orders', partition: 1, records: [at(1, 2, 50)] });
    applyStreamTail(store, { subscriptionId: 't1', topic: 'orders', partition: 0, records: [at(0, 2, 45), at(0, 1, 30)] });
    applyStreamTail(store, { subscriptionId: 'someone-else', topic: 'orders', partition: 0, records: [at(0, 9, 99)] });
    expect(order()).toEqual(['0:0', '1:0', '0:1', '1:1', '0:2', '1:2']);
    await closeStream(store, bridge);
    expect(calls.filter((c) => c.method === 'tail.stop').map((c) => c.request)).toEqual([{ subscriptionId: 't1' }, { subscriptionId: 't2' }]);
    expect(store.getState().stream).toBeNull();
    // The topic outlives the stream: the screen mounting again, and the URL, name it still.
    expect(store.getState().streamTopic).toBe('orders');
    store.setState({ screen: 'messages', msgMode: 'stream' });
    expect(routeOf(store.getState())).toEqual({ screen: 'messages', topic: 'orders', view: 'topic' });
  });

  it('is in the store as soon as it is asked for, and the last one asked for wins', async () => {
    // A reload of a whole-topic URL opens the stream while the screen mounts; the screen opens the first topic
    // only when no stream is there, so the URL's topic must be there before anything is awaited.
    const store = createAppStore();
    let sub = 0;
    const { bridge, calls } = fakeBridge({
      'topics.describe': ({ topic }) => detail(topic, 1),
      'messages.browse': ({ topic, partition }) => ({ topic, partition, logStartOffset: 0, highWatermark: 0, records: [] }),
      'tail.start': () => ({ subscriptionId: `t${++sub}` }),
      'tail.stop': () => undefined,
    });
    const first = openStream(store, bridge, 'from-the-url');
    expect(store.getState().stream?.topic).toBe('from-the-url');
    const second = openStream(store, bridge, 'chosen-later');
    await Promise.all([first, second]);
    expect(store.getState().stream?.topic).toBe('chosen-later');
    // The superseded stream's tails, if it started any, were stopped; the current one keeps its own.
    const started = calls.filter((c) => c.method === 'tail.start').map((c) => (c.request as { topic: string }).topic);
    const stopped = calls.filter((c) => c.method === 'tail.stop').length;
    expect(started.filter((t) => t === 'chosen-later')).toHaveLength(1);
    expect(stopped).toBe(started.filter((t) => t === 'from-the-url').length);
    expect(store.getState().stream?.tailIds).toHaveLength(1);
  });

  it('keeps only the newest records', () => {
    const many = Array.from({ length: 10 }, (_, i) => at(0, i, i));
    expect(mergeRecords([], many, 4).map((r) => r.offset)).toEqual([6, 7, 8, 9]);
  });
});
