// The offset-reset planner: given each partition's committed offset and bounds, where a reset moves it.
// Pure, so the dry-run preview and the real reset are the same computation. Targets are clamped to the
// partition's [log start, end] as kafka-consumer-groups.sh does; a partition with nothing committed shifts
// from its log start (where a consumer with auto.offset.reset=earliest would begin).

import type { OffsetResetMode, OffsetResetRow } from '../../contract.ts';
import { ConsoleError } from '../service/errors.ts';

export interface PartitionPosition {
  topic: string;
  partition: number;
  current: number | null;
  logStartOffset: number;
  endOffset: number;
  /** mode 'timestamp': the first offset whose timestamp is >= the requested time (-1: none, i.e. the end). */
  offsetForTimestamp?: number;
}

export function planOffsetReset(positions: PartitionPosition[], mode: OffsetResetMode, value?: number): OffsetResetRow[] {
  const needsValue = mode === 'timestamp' || mode === 'offset' || mode === 'shift';
  if (needsValue && (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value))) {
    throw new ConsoleError('INVALID_REQUEST', mode === 'timestamp' ? 'Give a time to reset to.' : mode === 'offset' ? 'Give the offset to reset to.' : 'Give a whole number of records to shift by.');
  }
  if (!['earliest', 'latest', 'timestamp', 'offset', 'shift'].includes(mode)) throw new ConsoleError('INVALID_REQUEST', `Unknown reset mode '${String(mode)}'.`);
  return positions.map((p) => {
    const clamp = (n: number) => Math.min(p.endOffset, Math.max(p.logStartOffset, n));
    let target: number;
    switch (mode) {
      case 'earliest': target = p.logStartOffset; break;
      case 'latest': target = p.endOffset; break;
      case 'timestamp': target = p.offsetForTimestamp === undefined || p.offsetForTimestamp < 0 ? p.endOffset : clamp(p.offsetForTimestamp); break;
      case 'offset': target = clamp(value!); break;
      case 'shift': target = clamp((p.current ?? p.logStartOffset) + value!); break;
    }
    return { topic: p.topic, partition: p.partition, current: p.current, target, logStartOffset: p.logStartOffset, endOffset: p.endOffset };
  }).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}
