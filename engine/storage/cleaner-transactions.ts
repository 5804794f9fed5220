// What compaction does with transactions (Kafka's LogCleaner with CleanedTransactionMetadata):
//
// - Records of aborted transactions are removed, whatever their keys: they were never visible to a
//   READ_COMMITTED reader and must not shadow committed records in the offset map.
// - An ABORT marker stays until a clean finds none of its transaction's batches left (this clean
//   removes them, and records the transaction in the cleaned segment's .txnindex); a COMMIT marker
//   stays until a clean finds no batch of its transaction before it. A marker that is no longer
//   needed is removed once its segment is older than delete.retention.ms, as tombstones are, so a
//   consumer that was behind still sees the transaction end.
// - The last data batch of each producer is kept even when all its records go, as an empty batch,
//   so the producer's sequence numbers survive (otherwise its next batch would look out of order).
// The cleanable range never reaches the first unstable offset: an open transaction is not compacted.
//
// One tracker serves one pass over the cleaned segments, in offset order.

import type { AbortedTxn } from './transaction-index.ts';
import type { BatchHeader } from './record-batch.ts';
import { isTransactional, lastOffset as lastOffsetOf, LOG_OVERHEAD, MIN_BATCH_LENGTH, BatchField, CompressionType, COMPRESSION_MASK, updateBatchCrc, writeInt64 } from './record-batch.ts';
import type { TxnMarker } from './control-batch.ts';

interface OngoingAbort {
  txn: AbortedTxn;
  /** A batch of the transaction was seen (and is being removed) in this pass. */
  sawBatch: boolean;
}

export class CleanerTransactions {
  /** Aborted transactions not yet reached, by first offset. */
  private readonly pending: AbortedTxn[];
  private readonly ongoingAborted = new Map<number, OngoingAbort>();
  private readonly ongoingCommitted = new Set<number>();

  constructor(abortedInRange: readonly AbortedTxn[]) {
    this.pending = [...abortedInRange].sort((a, b) => a.firstOffset - b.firstOffset);
  }

  private consumeUpTo(offset: number): void {
    while (this.pending.length > 0 && this.pending[0].firstOffset <= offset) {
      const t = this.pending.shift()!;
      this.ongoingAborted.set(t.producerId, { txn: t, sawBatch: false });
    }
  }

  /** A data batch: true when it belongs to an aborted transaction (drop all its records). */
  onDataBatch(h: BatchHeader): boolean {
    this.consumeUpTo(lastOffsetOf(h));
    if (!isTransactional(h.attributes) || h.producerId < 0) return false;
    const aborted = this.ongoingAborted.get(h.producerId);
    if (aborted) {
      aborted.sawBatch = true;
      return true;
    }
    this.ongoingCommitted.add(h.producerId);
    return false;
  }

  /**
   * A marker: whether it is no longer needed, and the aborted transaction to index in the cleaned
   * segment when it is kept because this pass removes its data.
   */
  onMarker(h: BatchHeader, marker: TxnMarker): { removable: boolean; indexEntry?: AbortedTxn } {
    this.consumeUpTo(lastOffsetOf(h));
    if (marker.type === 'ABORT') {
      const aborted = this.ongoingAborted.get(h.producerId);
      this.ongoingAborted.delete(h.producerId);
      if (aborted?.sawBatch) return { removable: false, indexEntry: aborted.txn };
      return { removable: true };
    }
    const had = this.ongoingCommitted.delete(h.producerId);
    return { removable: !had };
  }
}

/**
 * An empty batch in place of `h` (Kafka's DefaultRecordBatch.writeEmptyHeader): same offsets, producer
 * id, epoch and sequence, no records, uncompressed, base timestamp -1.
 */
export function emptyBatchLike(h: BatchHeader): Buffer {
  const b = Buffer.alloc(LOG_OVERHEAD + MIN_BATCH_LENGTH);
  writeInt64(b, BatchField.BaseOffset, h.baseOffset);
  b.writeInt32BE(MIN_BATCH_LENGTH, BatchField.BatchLength);
  b.writeInt32BE(h.partitionLeaderEpoch, BatchField.PartitionLeaderEpoch);
  b.writeInt8(2, BatchField.Magic);
  b.writeInt16BE((h.attributes & ~COMPRESSION_MASK) | CompressionType.None, BatchField.Attributes);
  b.writeInt32BE(h.lastOffsetDelta, BatchField.LastOffsetDelta);
  writeInt64(b, BatchField.BaseTimestamp, -1);
  writeInt64(b, BatchField.MaxTimestamp, h.maxTimestamp);
  writeInt64(b, BatchField.ProducerId, h.producerId);
  b.writeInt16BE(h.producerEpoch, BatchField.ProducerEpoch);
  b.writeInt32BE(h.baseSequence, BatchField.BaseSequence);
  b.writeInt32BE(0, BatchField.RecordCount);
  updateBatchCrc(b, 0);
  return b;
}
