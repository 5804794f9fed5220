// Config values in human units beside Kafka's raw number: 604800000 (7 d), 1073741824 (1 GiB). Which unit
// a config has is read from Kafka's naming: `*.ms` durations, `*.bytes` sizes (and a few known exceptions).

import { formatBytes } from './format.ts';

const BYTES_NAMES = new Set(['max.message.bytes', 'segment.bytes', 'retention.bytes', 'index.interval.bytes', 'segment.index.bytes', 'message.max.bytes', 'log.segment.bytes', 'log.retention.bytes']);

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  }
  for (const [size, unit] of units) if (ms >= size) return `${(ms / size).toFixed(1)} ${unit}`;
  return `${ms} ms`;
}

/** The human reading of a config's value, or null when it has none (not a number, or no unit; -1 is "no limit"). */
export function humanConfigValue(name: string, value: string | null): string | null {
  if (value === null || !/^-?\d+$/.test(value)) return null;
  const n = Number(value);
  const isMs = name.endsWith('.ms');
  const isBytes = name.endsWith('.bytes') || BYTES_NAMES.has(name);
  if (!isMs && !isBytes) return null;
  if (n < 0) return 'no limit';
  if (isMs) return n >= Number.MAX_SAFE_INTEGER / 2 ? 'forever' : formatDuration(n);
  return formatBytes(n);
}
