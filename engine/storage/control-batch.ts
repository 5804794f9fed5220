// Transaction markers: the control batches that end a transaction in a partition's log (Kafka's
// EndTransactionMarker, ControlRecordType and MemoryRecords.withEndTransactionMarker).
//
// A marker is a RecordBatch v2 with attributes transactional (bit 4) and control (bit 5) set, the
// producer's id and epoch, baseSequence -1, and exactly one record:
//   key    version int16 = 0, type int16 (0 = ABORT, 1 = COMMIT)
//   value  version int16 = 0, coordinatorEpoch int32
// Uncompressed, CreateTime, the record's timestamp the broker's time when it writes the marker.
// Readers skip control batches; READ_COMMITTED readers use ABORT markers (with the .txnindex) to
// drop the aborted transaction's data.

import { KafkaError } from '../protocol/error-codes.ts';
import { buildBatch, decodeBatchRecords } from './records.ts';
import { isControl, isTransactional, NO_SEQUENCE, readBatchHeader } from './record-batch.ts';

/** Kafka's ControlRecordType ids for transaction markers. */
export const ControlRecordType = { ABORT: 0, COMMIT: 1 } as const;
export type TxnMarkerType = keyof typeof ControlRecordType;

export const CONTROL_RECORD_KEY_VERSION = 0;
export const END_TXN_MARKER_VALUE_VERSION = 0;

export interface TxnMarker {
  type: TxnMarkerType;
  coordinatorEpoch: number;
}

export interface TxnMarkerBatchOptions extends TxnMarker {
  producerId: number;
  producerEpoch: number;
  timestamp: number;
  baseOffset?: number;
  partitionLeaderEpoch?: number;
}

/** Builds one marker batch, CRC-correct, ready to append (the log assigns its offset). */
export function buildTxnMarkerBatch(o: TxnMarkerBatchOptions): Buffer {
  if (o.producerId < 0) throw new RangeError(`a transaction marker needs a producer id, got ${o.producerId}`);
  const key = Buffer.alloc(4);
  key.writeInt16BE(CONTROL_RECORD_KEY_VERSION, 0);
  key.writeInt16BE(ControlRecordType[o.type], 2);
  const value = Buffer.alloc(6);
  value.writeInt16BE(END_TXN_MARKER_VALUE_VERSION, 0);
  value.writeInt32BE(o.coordinatorEpoch, 2);
  return buildBatch([{ key, value, timestamp: o.timestamp }], {
    baseOffset: o.baseOffset ?? 0, partitionLeaderEpoch: o.partitionLeaderEpoch, producerId: o.producerId,
    producerEpoch: o.producerEpoch, baseSequence: NO_SEQUENCE, transactional: true, isControl: true, now: o.timestamp,
  });
}

/**
 * Reads the marker in the control batch at `pos` of `buf`. Returns undefined for a control batch that
 * is not a transaction marker (another control type, as KRaft writes); throws CORRUPT_MESSAGE for a
 * marker whose key or value cannot be read.
 */
export function readTxnMarker(buf: Buffer, pos = 0): TxnMarker | undefined {
  const h = readBatchHeader(buf, pos);
  if (!isControl(h.attributes)) throw new KafkaError('INVALID_RECORD', `batch at offset ${h.baseOffset} is not a control batch`);
  const [record] = decodeBatchRecords(buf, pos);
  if (!record?.key || record.key.length < 4) {
    throw new KafkaError('CORRUPT_MESSAGE', `control batch at offset ${h.baseOffset} has no control record key`);
  }
  const type = record.key.readInt16BE(2);
  if (type !== ControlRecordType.ABORT && type !== ControlRecordType.COMMIT) return undefined;
  if (!isTransactional(h.attributes)) {
    throw new KafkaError('CORRUPT_MESSAGE', `transaction marker at offset ${h.baseOffset} is not in a transactional batch`);
  }
  if (!record.value || record.value.length < 6) {
    throw new KafkaError('CORRUPT_MESSAGE', `transaction marker at offset ${h.baseOffset} has a short value`);
  }
  return { type: type === ControlRecordType.COMMIT ? 'COMMIT' : 'ABORT', coordinatorEpoch: record.value.readInt32BE(2) };
}
