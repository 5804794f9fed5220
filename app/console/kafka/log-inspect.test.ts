// What happens next to a segment, from the topic's configs: the active one rolls (and is never deleted or
// compacted), a closed one is deleted by retention.ms when its newest record is that old, or by
// retention.bytes oldest first, and a compacted topic's cleaner may rewrite it.

import { describe, expect, it } from 'vitest';
import { forecast } from './log-inspect.ts';

const NOW = Date.UTC(2026, 0, 10);
const DAY = 86_400_000;
const seg = { baseOffset: 0, sizeBytes: 1000, maxTimestamp: NOW - 2 * DAY, firstTimestamp: NOW - 3 * DAY, active: false, bytesBefore: 0, totalBytes: 3000 };

describe('segment forecast', () => {
  it('the active segment rolls and is left alone by retention', () => {
    const out = forecast({ ...seg, active: true }, new Map([['segment.bytes', '1048576'], ['segment.ms', String(7 * DAY)]]), NOW);
    expect(out[0]).toContain('rolls at segment.bytes (1000 of 1048576 bytes used) or at segment.ms, 7 d after its first record (2026-01-14T00:00:00.000Z)');
    expect(out[1]).toBe('Retention and compaction never touch the active segment.');
  });

  it('retention.ms: deleted when its newest record is that old, or at the next check when already past', () => {
    expect(forecast(seg, new Map([['retention.ms', String(7 * DAY)]]), NOW)).toEqual(['Deleted by retention.ms (7 d) at 2026-01-15T00:00:00.000Z, when its newest record is that old.']);
    expect(forecast(seg, new Map([['retention.ms', String(DAY)]]), NOW)).toEqual(['Past retention.ms (1 d): deleted at the next retention check.']);
  });

  it('retention.bytes deletes the oldest segments first; compaction is said for compacted topics', () => {
    const over = forecast(seg, new Map([['retention.ms', '-1'], ['retention.bytes', '1500']]), NOW);
    expect(over).toEqual(['retention.ms is -1: time never deletes it.', 'The partition is over retention.bytes (1500): this segment is deleted at the next retention check.']);
    const newer = forecast({ ...seg, bytesBefore: 1000 }, new Map([['retention.ms', '-1'], ['retention.bytes', '1500']]), NOW);
    expect(newer[1]).toContain('Within retention.bytes');
    expect(forecast(seg, new Map([['cleanup.policy', 'compact']]), NOW)).toEqual(['cleanup.policy=compact: the cleaner may rewrite it, keeping the latest record of each key; tombstones are dropped after delete.retention.ms (1 d).']);
  });
});
