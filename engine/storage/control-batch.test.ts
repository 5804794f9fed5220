import { describe, expect, it } from 'vitest';
import { buildTxnMarkerBatch, readTxnMarker } from './control-batch.ts';
import { CONTROL_MASK, NO_SEQUENCE, TRANSACTIONAL_MASK, validateBatch } from './record-batch.ts';
import { buildBatch, decodeBatchRecords } from './records.ts';

describe('transaction marker batches', () => {
  it('are transactional control batches with Kafka\'s key and value layout', () => {
    const buf = buildTxnMarkerBatch({ type: 'COMMIT', coordinatorEpoch: 9, producerId: 4242, producerEpoch: 3, timestamp: 1_700_000_000_123 });
    const h = validateBatch(buf, 0);
    expect(h.attributes).toBe(TRANSACTIONAL_MASK | CONTROL_MASK); // 0x30: no compression, CreateTime
    expect([h.producerId, h.producerEpoch, h.baseSequence, h.recordCount, h.lastOffsetDelta]).toEqual([4242, 3, NO_SEQUENCE, 1, 0]);
    expect(h.maxTimestamp).toBe(1_700_000_000_123);
    const [r] = decodeBatchRecords(buf, 0);
    expect(r.key!.toString('hex')).toBe('00000001'); // key version 0, type COMMIT (1)
    expect(r.value!.toString('hex')).toBe('000000000009'); // value version 0, coordinator epoch 9
    expect(readTxnMarker(buf)).toEqual({ type: 'COMMIT', coordinatorEpoch: 9 });
    const abort = buildTxnMarkerBatch({ type: 'ABORT', coordinatorEpoch: 0, producerId: 1, producerEpoch: 0, timestamp: 5 });
    expect(decodeBatchRecords(abort, 0)[0].key!.toString('hex')).toBe('00000000');
    expect(readTxnMarker(abort)).toEqual({ type: 'ABORT', coordinatorEpoch: 0 });
  });

  it('reading a data batch or a malformed marker fails clearly; other control types are not markers', () => {
    expect(() => readTxnMarker(buildBatch([{ value: 'x' }]))).toThrow(/not a control batch/);
    const short = buildBatch([{ key: Buffer.from([0, 0, 0, 0]), value: Buffer.from([0, 0]) }], { isControl: true, transactional: true, producerId: 1, producerEpoch: 0 });
    expect(() => readTxnMarker(short)).toThrow(/short value/);
    const leaderChange = buildBatch([{ key: Buffer.from([0, 0, 0, 2]), value: Buffer.from([0, 0]) }], { isControl: true });
    expect(readTxnMarker(leaderChange)).toBeUndefined();
    expect(() => buildTxnMarkerBatch({ type: 'ABORT', coordinatorEpoch: 0, producerId: -1, producerEpoch: 0, timestamp: 0 })).toThrow(RangeError);
  });
});
