// Share groups (queues): read the open group's share state (the poll calls it), and replay its dead letters
// to a topic with the messages' replay action.

import type { Bridge, ConsumedRecord } from '../../app/contract.ts';
import { replayRecords } from './messages.actions.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';

export async function refreshShareState(store: AppStore, bridge: Bridge, groupId: string): Promise<void> {
  if (store.getState().shareGroupId !== groupId) store.setState({ shareGroupId: groupId, shareState: null, shareStateUnavailable: null });
  try {
    const shareState = await bridge.call('groups.shareState', { groupId });
    if (store.getState().shareGroupId === groupId) store.setState({ shareState, shareStateUnavailable: null });
  } catch (e) {
    const err = e as { name?: string; message?: string };
    if (err.name === 'NOT_LOCAL_CLUSTER') {
      if (store.getState().shareGroupId === groupId) store.setState({ shareState: [], shareStateUnavailable: err.message ?? 'Not available for this cluster.' });
      return;
    }
    reportError(store, `Read share group ${groupId}`, e);
  }
}

/**
 * Reads the dead letters' records from their partition and produces them to `toTopic` (the replay action).
 * Records no longer in the log (retention) are skipped; returns how many were replayed.
 */
export async function replayDeadLetters(store: AppStore, bridge: Bridge, source: { topic: string; partition: number; offsets: readonly number[] }, toTopic: string): Promise<number> {
  const wanted = new Set(source.offsets);
  const records: ConsumedRecord[] = [];
  try {
    for (const offset of [...wanted].sort((a, b) => a - b)) {
      if (records.some((r) => r.offset === offset)) continue;
      const page = await bridge.call('messages.browse', { topic: source.topic, partition: source.partition, offset, limit: 100 });
      for (const r of page.records) if (wanted.has(r.offset) && !records.some((x) => x.offset === r.offset)) records.push(r);
    }
  } catch (e) {
    reportError(store, `Read dead letters of ${source.topic}-${source.partition}`, e);
    return 0;
  }
  if (records.length === 0) return 0;
  await replayRecords(store, bridge, toTopic, records);
  return records.length;
}
