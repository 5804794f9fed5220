import { describe, expect, it } from 'vitest';
import { PartitionChangeTracker } from './partition-changes.ts';
import type { PartitionFigures } from '../broker/broker-stats.ts';

const p = (partition: number, logEndOffset: number, more: Partial<PartitionFigures> = {}): PartitionFigures => ({
  topic: 't', partition, leader: true, logStartOffset: 0, logEndOffset, highWatermark: logEndOffset, size: logEndOffset * 10, ...more,
});

describe('PartitionChangeTracker', () => {
  it('answers everything from 0, then only what changed after the answer a reader last saw', () => {
    const tracker = new PartitionChangeTracker();
    const first = tracker.changes([p(0, 0), p(1, 0), p(2, 0)], 0);
    expect(first.partitions.map((x) => x.partition)).toEqual([0, 1, 2]);
    expect(tracker.changes([p(0, 0), p(1, 0), p(2, 0)], first.seq).partitions).toEqual([]);
    const second = tracker.changes([p(0, 0), p(1, 5), p(2, 0, { leader: false })], first.seq);
    expect(second.partitions.map((x) => [x.partition, x.logEndOffset, x.leader])).toEqual([[1, 5, true], [2, 0, false]]);
    // A second reader still behind gets both changes; one already up to date gets none.
    expect(tracker.changes([p(0, 0), p(1, 5), p(2, 0, { leader: false })], first.seq).partitions.length).toBe(2);
    expect(tracker.changes([p(0, 0), p(1, 5), p(2, 0, { leader: false })], second.seq).partitions).toEqual([]);
    expect(second.epoch).toBe(first.epoch);
  });

  it('reports a partition it no longer hosts once, as removed, and a new tracker by a new epoch', () => {
    const tracker = new PartitionChangeTracker();
    const first = tracker.changes([p(0, 3), p(1, 4)], 0);
    const gone = tracker.changes([p(0, 3)], first.seq);
    expect(gone.partitions).toEqual([{ ...p(1, 4), removed: true }]);
    expect(tracker.changes([p(0, 3)], gone.seq).partitions).toEqual([]);
    // Hosted again (leadership came back): reported as it is now.
    expect(tracker.changes([p(0, 3), p(1, 6)], gone.seq).partitions).toEqual([p(1, 6)]);
    expect(new PartitionChangeTracker().epoch).not.toBe(tracker.epoch);
  });
});
