// Which of a partition log's oldest segments retention may delete (Kafka's deleteOldSegments), decided
// without touching a file: PartitionLog (partition-log.ts) deletes them and moves the log start offset.
//
// Only whole segments go, oldest first, and never one that reaches past the high watermark or is empty
// (an empty segment is the active one, freshly rolled).

import type { LogConfig } from './log-config.ts';
import type { LogSegment } from './segment.ts';

/** Whether the oldest remaining segment may go, given the log's total size while it is still there. */
export type SegmentPredicate = (s: LogSegment, totalSize: number) => boolean;

/** How many segments, from the oldest, may be deleted while `predicate` holds. */
export function deletablePrefix(segments: readonly LogSegment[], highWatermark: number, predicate: SegmentPredicate): number {
  let total = 0;
  for (const s of segments) total += s.size();
  let n = 0;
  while (n < segments.length) {
    const s = segments[n];
    if (!predicate(s, total) || s.nextOffset > highWatermark || s.size() === 0) break;
    total -= s.size();
    n++;
  }
  return n;
}

/** The delete policy's rules, in the order they apply: retention.ms (by a segment's largest timestamp), then retention.bytes. */
export function retentionRules(config: LogConfig, now: number): SegmentPredicate[] {
  if (!config.cleanupPolicy.delete) return [];
  const rules: SegmentPredicate[] = [];
  if (config.retentionMs >= 0) rules.push((s) => now - s.largestTimestamp() > config.retentionMs);
  if (config.retentionBytes >= 0) rules.push((s, total) => total - s.size() >= config.retentionBytes);
  return rules;
}
