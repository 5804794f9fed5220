// The whole topic as one stream: the latest records of every partition merged by timestamp, followed live
// (one tail per partition). Bounded: the newest STREAM_MAX records are kept.

import type { ConsumedRecord } from '../../app/contract.ts';

export const STREAM_MAX = 5000;
/** Records read back from each partition when the stream opens. */
export const STREAM_BACKLOG = 100;

export interface StreamState {
  topic: string;
  records: ConsumedRecord[];
  /** The tail subscriptions, one per partition, while following. */
  tailIds: string[];
  loading: boolean;
}

export interface StreamSlice {
  stream: StreamState | null;
  /**
   * The topic the whole-topic view last showed. It outlives the stream: a screen that mounts again (a reload
   * whose first answers arrive late, a return to Messages) reopens that topic, not the first in the list.
   */
  streamTopic: string | null;
}

export const streamSlice = (): StreamSlice => ({ stream: null, streamTopic: null });

/** Order of the merged stream: timestamp, then partition, then offset (a partition's own order is kept). */
export function byTime(a: ConsumedRecord, b: ConsumedRecord): number {
  return a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset;
}

/** `records` with `more` merged in, in stream order, duplicates dropped, the newest `max` kept. */
export function mergeRecords(records: ConsumedRecord[], more: ConsumedRecord[], max = STREAM_MAX): ConsumedRecord[] {
  if (more.length === 0) return records;
  const seen = new Set(records.map((r) => `${r.partition}:${r.offset}`));
  const fresh = more.filter((r) => !seen.has(`${r.partition}:${r.offset}`));
  if (fresh.length === 0) return records;
  const last = records[records.length - 1];
  const sortedFresh = [...fresh].sort(byTime);
  // New records usually come after every shown one: append without re-sorting the whole list.
  const merged = !last || byTime(last, sortedFresh[0]) <= 0 ? [...records, ...sortedFresh] : [...records, ...sortedFresh].sort(byTime);
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}
