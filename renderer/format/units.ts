// Config values in human units beside Kafka's raw number: 604800000 (7 d), 1073741824 (1 GiB). Which unit
// a config has is read from Kafka's naming: `*.ms` durations, `*.bytes` sizes (and a few known exceptions).

import { formatBytes } from '../components/format.ts';

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

/** The unit Kafka's name gives a config, or null when it has none. */
export function configUnit(name: string): 'ms' | 'bytes' | null {
  if (name.endsWith('.ms')) return 'ms';
  if (name.endsWith('.bytes') || BYTES_NAMES.has(name)) return 'bytes';
  return null;
}

/** The human reading of a config's value, or null when it has none (not a number, or no unit; -1 is "no limit"). */
export function humanConfigValue(name: string, value: string | null): string | null {
  if (value === null || !/^-?\d+$/.test(value)) return null;
  const unit = configUnit(name);
  if (unit === null) return null;
  const n = Number(value);
  if (n < 0) return 'no limit';
  if (unit === 'ms') return n >= Number.MAX_SAFE_INTEGER / 2 ? 'forever' : formatDuration(n);
  return formatBytes(n);
}

/**
 * What is wrong with a value for a config with a unit, before Kafka is asked: it takes a whole number
 * (Kafka parses it as a LONG or INT). Null when it looks right or the config has no unit; the broker
 * still validates whatever passes, and its refusal is what counts.
 */
export function unitValueProblem(name: string, value: string): string | null {
  const unit = configUnit(name);
  if (unit === null || /^\s*-?\d+\s*$/.test(value)) return null;
  return unit === 'ms' ? 'Kafka expects a whole number of milliseconds (-1: no limit).' : 'Kafka expects a whole number of bytes (-1: no limit).';
}
