// What the app shows of a share group's partitions, read from the durable share state the partition leaders
// write on every change (engine/catalog/share-state.ts): start and end offsets, the in-flight records with
// their state and delivery count (Acquired ones with their member and lock deadline), and the dead letters.

import type { Catalog } from '../catalog/catalog.ts';
import type { RecordState} from '../broker/group/share/record-state.ts';
import { recordStateName } from '../broker/group/share/record-state.ts';
import type { SharePartitionSnapshot } from '../broker/group/share/share-snapshot.ts';
import type { AcquiredRun } from '../broker/group/share-partition-manager.ts';

export interface ShareInFlightRecord {
  offset: number;
  state: 'Available' | 'Acquired' | 'Acknowledged' | 'Archived';
  deliveryCount: number;
  memberId: string | null;
  lockDeadlineMs: number | null;
}

export interface ShareDeadLetter {
  offset: number;
  deliveryCount: number;
  reason: 'rejected' | 'delivery-limit';
}

export interface SharePartitionState {
  topic: string;
  partition: number;
  stateEpoch: number;
  leaderEpoch: number;
  startOffset: number;
  endOffset: number;
  inFlight: ShareInFlightRecord[];
  deadLetters: ShareDeadLetter[];
  updatedAt: number;
}

/** At most this many in-flight records per partition are listed. */
const MAX_LISTED = 2000;

export function readShareGroupState(catalog: Catalog, groupId: string): SharePartitionState[] {
  return catalog.shareState.byGroup(groupId).map((row) => {
    const snap = row.snapshot as Partial<SharePartitionSnapshot> & { acquired?: AcquiredRun[] };
    const acquired = new Map<number, AcquiredRun>();
    for (const run of snap.acquired ?? []) for (let o = run.firstOffset; o <= run.lastOffset && acquired.size < MAX_LISTED; o++) acquired.set(o, run);
    const inFlight: ShareInFlightRecord[] = [];
    for (const b of snap.stateBatches ?? []) {
      for (let o = b.firstOffset; o <= b.lastOffset && inFlight.length < MAX_LISTED; o++) {
        const a = acquired.get(o);
        inFlight.push({
          offset: o,
          state: a !== undefined ? 'Acquired' : recordStateName(b.deliveryState as RecordState),
          deliveryCount: b.deliveryCount,
          memberId: a?.memberId ?? null,
          lockDeadlineMs: a?.lockDeadlineMs ?? null,
        });
      }
    }
    return {
      topic: row.topic,
      partition: row.partition,
      stateEpoch: row.stateEpoch,
      leaderEpoch: row.leaderEpoch,
      startOffset: row.startOffset,
      endOffset: typeof snap.endOffset === 'number' ? snap.endOffset : row.startOffset,
      inFlight,
      deadLetters: (row.deadLetters as ShareDeadLetter[]).map((d) => ({ offset: d.offset, deliveryCount: d.deliveryCount, reason: d.reason })),
      updatedAt: row.updatedAt,
    };
  });
}
