// Open, follow and close the whole-topic stream. Opening reads the last STREAM_BACKLOG records of every
// partition and merges them by timestamp; following starts one tail per partition from where the read
// ended, so nothing between the read and the tail is missed.

import type { Bridge, TailEvent } from '../../app/contract.ts';
import { reportError } from './notices.actions.ts';
import { STREAM_BACKLOG, mergeRecords } from './stream.slice.ts';
import type { AppStore } from './store.ts';

export async function openStream(store: AppStore, bridge: Bridge, topic: string): Promise<void> {
  // The new stream is in the store before anything is awaited: whoever opens last wins, and the screen that
  // mounts meanwhile (TopicStream opens the first topic when there is no stream) sees this one.
  const oldTails = store.getState().stream?.tailIds ?? [];
  store.setState({ stream: { topic, records: [], tailIds: [], loading: true }, streamTopic: topic });
  await stopTails(bridge, oldTails);
  try {
    const detail = await bridge.call('topics.describe', { topic });
    const pages = await Promise.all(detail.partitions.filter((p) => p.leader >= 0).map((p) => bridge.call('messages.browse', {
      topic, partition: p.partition, offset: Math.max(p.logStartOffset, p.highWatermark - STREAM_BACKLOG), limit: STREAM_BACKLOG,
    })));
    if (store.getState().stream?.topic !== topic) return;
    const records = mergeRecords([], pages.flatMap((p) => p.records));
    store.setState({ stream: { topic, records, tailIds: [], loading: false } });
    const tailIds = await Promise.all(pages.map(async (p) => (await bridge.call('tail.start', { topic, partition: p.partition, fromOffset: p.highWatermark })).subscriptionId));
    if (store.getState().stream?.topic !== topic) {
      await Promise.all(tailIds.map((subscriptionId) => bridge.call('tail.stop', { subscriptionId }).catch(() => undefined)));
      return;
    }
    store.setState((s) => ({ stream: s.stream && { ...s.stream, tailIds } }));
  } catch (e) {
    store.setState((s) => ({ stream: s.stream && { ...s.stream, loading: false } }));
    reportError(store, `Read the whole of ${topic}`, e);
  }
}

export function applyStreamTail(store: AppStore, ev: TailEvent): void {
  store.setState((s) => {
    if (!s.stream || !s.stream.tailIds.includes(ev.subscriptionId)) return {};
    return { stream: { ...s.stream, records: mergeRecords(s.stream.records, ev.records) } };
  });
}

export async function closeStream(store: AppStore, bridge: Bridge): Promise<void> {
  const ids = store.getState().stream?.tailIds ?? [];
  store.setState({ stream: null });
  await stopTails(bridge, ids);
}

async function stopTails(bridge: Bridge, ids: readonly string[]): Promise<void> {
  await Promise.all(ids.map((subscriptionId) => bridge.call('tail.stop', { subscriptionId }).catch(() => undefined)));
}
