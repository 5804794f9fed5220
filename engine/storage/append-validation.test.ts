import { describe, expect, it } from 'vitest';
import { RecordValidationError, validateAppend, validateRecords } from './append-validation.ts';
import { logConfig, NEVER } from './log-config.ts';
import { CompressionType } from './record-batch.ts';
import { buildBatch, type NewRecord } from './records.ts';

const NOW = 1_800_000_000_000;

function rejected(records: Buffer, config = logConfig()): RecordValidationError | null {
  const { headers } = validateAppend(records, config, true);
  try {
    validateRecords(records, headers, config, NOW, 'events-0');
    return null;
  } catch (e) {
    if (e instanceof RecordValidationError) return e;
    throw e;
  }
}

const compacted = logConfig({ cleanupPolicy: { delete: false, compact: true } });

describe('validateRecords (per-record errors, KIP-467)', () => {
  it('a compacted topic rejects every record without a key, by its index across the request', () => {
    const batch = (keys: (string | null)[], compression = CompressionType.None) =>
      buildBatch(keys.map((key, i): NewRecord => ({ key, value: `v${i}`, timestamp: NOW })), { compression });
    expect(rejected(batch(['a', 'b']), compacted)).toBeNull();
    for (const compression of [CompressionType.None, CompressionType.Gzip]) {
      const e = rejected(Buffer.concat([batch(['a', null], compression), batch([null, 'd', 'e'], compression)]), compacted)!;
      expect(e.errorName).toBe('INVALID_RECORD');
      expect(e.recordErrors.map((r) => r.batchIndex)).toEqual([1, 2]);
      expect(e.recordErrors[0].message).toBe('Compacted topic cannot accept message without key in topic partition events-0.');
      expect(e.message).toContain('2 record errors in total');
    }
    // Keys are not required elsewhere.
    expect(rejected(batch([null, null]))).toBeNull();
  });

  it('CreateTime timestamps outside [now - before.max, now + after.max] are INVALID_TIMESTAMP, each named', () => {
    const config = logConfig({ messageTimestampBeforeMaxMs: 60_000, messageTimestampAfterMaxMs: 3_600_000 });
    const at = (...ts: number[]) => buildBatch(ts.map((timestamp, i) => ({ key: `k${i}`, value: 'v', timestamp })));
    expect(rejected(at(NOW - 60_000, NOW, NOW + 3_600_000), config)).toBeNull();
    const e = rejected(at(NOW, NOW - 60_001, NOW + 1, NOW + 3_600_001), config)!;
    expect(e.errorName).toBe('INVALID_TIMESTAMP');
    expect(e.message).toBe('INVALID_TIMESTAMP: One or more records have been rejected due to invalid timestamp');
    expect(e.recordErrors.map((r) => r.batchIndex)).toEqual([1, 3]);
    expect(e.recordErrors[0].message).toBe(`Timestamp ${NOW - 60_001} of message with offset 1 is out of range. The timestamp should be within [${NOW - 60_000}, ${NOW + 3_600_000}]`);
    // LogAppendTime topics ignore producer timestamps; unbounded settings take anything.
    expect(rejected(at(NOW - 60_001, NOW + 3_600_001), { ...config, messageTimestampType: 'LogAppendTime' })).toBeNull();
    expect(rejected(at(0, NOW * 2), logConfig({ messageTimestampBeforeMaxMs: NEVER, messageTimestampAfterMaxMs: NEVER }))).toBeNull();
  });

  it('a timestamp error wins over a key error for the partition code, and both are listed', () => {
    const config = { ...compacted, messageTimestampAfterMaxMs: 1000 };
    const e = rejected(buildBatch([{ key: null, value: 'a', timestamp: NOW }, { key: 'b', value: 'b', timestamp: NOW + 5000 }]), config)!;
    expect(e.errorName).toBe('INVALID_TIMESTAMP');
    expect(e.recordErrors.map((r) => r.batchIndex)).toEqual([0, 1]);
  });
});
