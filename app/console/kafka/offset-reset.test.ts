import { describe, expect, it } from 'vitest';
import { planOffsetReset, type PartitionPosition } from './offset-reset.ts';

const parts: PartitionPosition[] = [
  { topic: 'b', partition: 0, current: 7, logStartOffset: 5, endOffset: 20, offsetForTimestamp: 12 },
  { topic: 'a', partition: 1, current: null, logStartOffset: 0, endOffset: 3, offsetForTimestamp: -1 },
];
const targets = (mode: Parameters<typeof planOffsetReset>[1], value?: number) => planOffsetReset(parts, mode, value).map((r) => `${r.topic}/${r.partition}:${r.current}->${r.target}`);

describe('offset reset planner', () => {
  it('plans each mode, clamped to the log, sorted by topic and partition', () => {
    expect(targets('earliest')).toEqual(['a/1:null->0', 'b/0:7->5']);
    expect(targets('latest')).toEqual(['a/1:null->3', 'b/0:7->20']);
    expect(targets('timestamp', 1)).toEqual(['a/1:null->3', 'b/0:7->12']);
    expect(targets('offset', 10)).toEqual(['a/1:null->3', 'b/0:7->10']);
    expect(targets('offset', 0)).toEqual(['a/1:null->0', 'b/0:7->5']);
    expect(targets('shift', -5)).toEqual(['a/1:null->0', 'b/0:7->5']);
    expect(targets('shift', 2)).toEqual(['a/1:null->2', 'b/0:7->9']);
  });

  it('refuses a missing value or an unknown mode', () => {
    expect(() => planOffsetReset(parts, 'offset')).toThrow(/offset to reset to/);
    expect(() => planOffsetReset(parts, 'shift', 1.5)).toThrow(/whole number/);
    expect(() => planOffsetReset(parts, 'sideways' as never)).toThrow(/Unknown reset mode/);
  });
});
