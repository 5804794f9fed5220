// The durable form of a share partition's state, like the share coordinator's ShareSnapshot record:
// state epoch, leader epoch, start offset and the in-flight state as batches of equal (state, delivery
// count) runs. Plain JSON, so the wiring part can keep it in the catalog.
//
// Format (version 1): { version, topicId, partition, stateEpoch, leaderEpoch, startOffset, endOffset,
// stateBatches: [{ firstOffset, lastOffset, deliveryState, deliveryCount }] } with deliveryState one of
// Kafka's ids 0 (Available), 2 (Acknowledged), 4 (Archived).
// Recovery policy: acquisition locks do not survive; an ACQUIRED record is stored as AVAILABLE with its
// delivery count, so it is delivered again (and archived if that count already reached the limit).
// Batches below startOffset are ignored; a snapshot of another version, a batch with an unknown state,
// a reversed range or an implausibly wide window (over a million offsets) is refused, loading nothing.

import { RecordState } from './record-state.ts';
import { type SharePartitionConfig, DEFAULT_SHARE_PARTITION_CONFIG, SharePartition } from './share-partition.ts';

export const SHARE_SNAPSHOT_VERSION = 1;

/** In-flight windows are bounded by group.share.partition.max.record.locks; anything this wide is corrupt. */
const MAX_WINDOW = 1_000_000;

export interface StateBatch {
  firstOffset: number;
  lastOffset: number;
  deliveryState: RecordState;
  deliveryCount: number;
}

export interface SharePartitionSnapshot {
  version: number;
  topicId: string;
  partition: number;
  stateEpoch: number;
  leaderEpoch: number;
  startOffset: number;
  endOffset: number;
  stateBatches: StateBatch[];
}

export function snapshotSharePartition(sp: SharePartition, leaderEpoch = -1): SharePartitionSnapshot {
  const batches: StateBatch[] = [];
  for (const { offset, record } of sp.inFlight()) {
    const deliveryState = record.state === RecordState.ACQUIRED ? RecordState.AVAILABLE : record.state;
    const last = batches[batches.length - 1];
    if (last !== undefined && last.lastOffset === offset - 1 && last.deliveryState === deliveryState && last.deliveryCount === record.deliveryCount) {
      last.lastOffset = offset;
    } else {
      batches.push({ firstOffset: offset, lastOffset: offset, deliveryState, deliveryCount: record.deliveryCount });
    }
  }
  return {
    version: SHARE_SNAPSHOT_VERSION,
    topicId: sp.topicId,
    partition: sp.partition,
    stateEpoch: sp.stateEpoch,
    leaderEpoch,
    startOffset: sp.startOffset,
    endOffset: sp.endOffset,
    stateBatches: batches,
  };
}

const STORED_STATES = new Set<number>([RecordState.AVAILABLE, RecordState.ACKNOWLEDGED, RecordState.ARCHIVED]);

export function loadSharePartition(json: unknown, config: SharePartitionConfig = DEFAULT_SHARE_PARTITION_CONFIG): SharePartition {
  const s = json as Partial<SharePartitionSnapshot> | null;
  if (s === null || typeof s !== 'object') throw new Error('share partition snapshot: not an object');
  if (s.version !== SHARE_SNAPSHOT_VERSION) throw new Error(`share partition snapshot: unsupported version ${String(s.version)}`);
  if (typeof s.topicId !== 'string' || !isInt(s.partition) || !isInt(s.startOffset) || !Array.isArray(s.stateBatches)) {
    throw new Error('share partition snapshot: topicId, partition, startOffset and stateBatches are required');
  }
  const window = (isInt(s.endOffset) ? s.endOffset : s.startOffset) - s.startOffset;
  if (window > MAX_WINDOW) throw new Error(`share partition snapshot: an in-flight window of ${window} offsets is not plausible`);
  const records: [number, { state: RecordState; deliveryCount: number }][] = [];
  let end = s.startOffset;
  for (const b of s.stateBatches) {
    if (!isInt(b?.firstOffset) || !isInt(b.lastOffset) || b.lastOffset < b.firstOffset) throw new Error('share partition snapshot: a state batch has a bad range');
    if (!STORED_STATES.has(b.deliveryState)) throw new Error(`share partition snapshot: unknown delivery state ${String(b.deliveryState)}`);
    if (!isInt(b.deliveryCount) || b.deliveryCount < 0) throw new Error('share partition snapshot: a state batch has a bad delivery count');
    if (b.lastOffset - s.startOffset > MAX_WINDOW) throw new Error('share partition snapshot: a state batch lies implausibly far past the start offset');
    for (let o = b.firstOffset; o <= b.lastOffset; o++) records.push([o, { state: b.deliveryState, deliveryCount: b.deliveryCount }]);
    end = Math.max(end, b.lastOffset + 1);
  }
  const sp = new SharePartition(s.topicId, s.partition, config, { startOffset: s.startOffset, stateEpoch: isInt(s.stateEpoch) ? s.stateEpoch : 0 });
  sp.restore(records, Math.max(end, isInt(s.endOffset) ? s.endOffset : end));
  return sp;
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}
