// Human units beside raw config values.

import { describe, expect, it } from 'vitest';
import { configUnit, formatDuration, humanConfigValue, unitValueProblem } from './units.ts';

describe('config units', () => {
  it('reads durations and sizes from Kafka config names', () => {
    expect(humanConfigValue('retention.ms', '604800000')).toBe('7 d');
    expect(humanConfigValue('segment.ms', '86400000')).toBe('1 d');
    expect(humanConfigValue('retention.ms', '-1')).toBe('no limit');
    expect(humanConfigValue('segment.bytes', '1073741824')).toBe('1.0 GiB');
    expect(humanConfigValue('max.message.bytes', '1048588')).toBe('1.0 MiB');
    expect(humanConfigValue('cleanup.policy', 'delete')).toBeNull();
    expect(humanConfigValue('min.insync.replicas', '2')).toBeNull();
    expect(humanConfigValue('local.retention.ms', '-2')).toBe('no limit');
  });

  it('writes whole units when they fit, one decimal otherwise', () => {
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(90_000)).toBe('90 s');
    expect(formatDuration(90_500)).toBe('1.5 min');
    expect(formatDuration(500)).toBe('500 ms');
    expect(formatDuration(14 * 86_400_000)).toBe('14 d');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d');
  });
});

describe('config values checked against their unit', () => {
  it('asks for a whole number where the name gives a unit, and says nothing elsewhere', () => {
    expect(configUnit('log.cleaner.backoff.ms')).toBe('ms');
    expect(configUnit('message.max.bytes')).toBe('bytes');
    expect(configUnit('cleanup.policy')).toBeNull();
    expect(unitValueProblem('retention.ms', 'soon')).toMatch(/whole number of milliseconds/);
    expect(unitValueProblem('segment.bytes', '1 GiB')).toMatch(/whole number of bytes/);
    expect(unitValueProblem('retention.ms', ' 3600000 ')).toBeNull();
    expect(unitValueProblem('retention.ms', '-1')).toBeNull();
    expect(unitValueProblem('cleanup.policy', 'compact,delete')).toBeNull();
  });
});
