// The leader's check of an append against the producer state (Kafka's ProducerAppendInfo and the sequence
// checks of LogValidator): before offsets are assigned and anything is written, each batch of a produce request
// is judged against the producer's epoch and its last NUM_BATCHES_TO_RETAIN (5) batches — what a producer with
// max.in.flight.requests.per.connection <= 5 may retry. Pure: it reads the state and changes nothing; the
// producer state manager (producer-state.ts) records the batches once they are written.
//
// The rules, for each batch with producerId >= 0, in request order:
//   1. duplicate: same epoch as the stored entry and the exact firstSeq/lastSeq of one of its cached batches ->
//      nothing is written; the append is answered with the cached offsets (Kafka answers NONE with the original
//      base offset). As in Kafka, duplicates are looked up in the committed state only, and the first one found
//      answers the whole request (a v3+ produce request carries exactly one batch per partition anyway).
//   2. epoch below the current one -> INVALID_PRODUCER_EPOCH.
//   3. epoch above the current one -> the sequence must restart at 0, else OUT_OF_ORDER_SEQUENCE_NUMBER; the
//      entry's cached batches are dropped.
//   4. same epoch -> firstSeq must be lastSeq + 1 of the previous batch (int32 wrap: 2147483647 -> 0), else
//      OUT_OF_ORDER_SEQUENCE_NUMBER. An entry that has an epoch but no cached batch expects 0.
//   5. unknown producerId (no epoch yet) -> accepted with any sequence, entry created. This is Kafka >= 2.5 on a
//      leader (KIP-360): a producer whose state was lost to retention or DeleteRecords may continue.
//   "Current" means the state including the earlier batches of the same request (in Kafka, the second batch of
//   an unknown producer is not checked; here it is, which only matters for hand-built requests).
//   Client-origin checks Kafka's LogValidator makes here too: a control batch from a client and a batch with a
//   producerId but baseSequence < 0 -> INVALID_RECORD. Batches without a producer id (-1) pass through.

import { KafkaError } from '../protocol/error-codes.ts';
import { NO_PRODUCER_EPOCH, NO_SEQUENCE, isControl, type BatchHeader } from './record-batch.ts';

export const NUM_BATCHES_TO_RETAIN = 5;

const INT32_MAX = 0x7fffffff;

// ---------------------------------------------------------------- sequences

/** Kafka's DefaultRecordBatch.incrementSequence: int32 sequences wrap from 2147483647 to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > INT32_MAX - increment) return increment - (INT32_MAX - sequence) - 1;
  return sequence + increment;
}

/** Kafka's DefaultRecordBatch.decrementSequence. */
export function decrementSequence(sequence: number, decrement: number): number {
  if (sequence < decrement) return INT32_MAX - (decrement - sequence) + 1;
  return sequence - decrement;
}

/** Sequence of the batch's last record (baseSequence + lastOffsetDelta, wrapping), or -1 without a sequence. */
export function lastSequenceOf(h: Pick<BatchHeader, 'baseSequence' | 'lastOffsetDelta'>): number {
  return h.baseSequence === NO_SEQUENCE ? NO_SEQUENCE : incrementSequence(h.baseSequence, h.lastOffsetDelta);
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

// ---------------------------------------------------------------- types

/** Kafka's BatchMetadata. */
export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  /** The batch's maxTimestamp (the append time on LogAppendTime topics). */
  timestamp: number;
}

/** What the check reads of one producer's stored state. */
export interface ProducerSequenceState {
  readonly epoch: number;
  /** Oldest first, at most NUM_BATCHES_TO_RETAIN. */
  readonly batches: readonly BatchMetadata[];
}

/** The leader must not write: the request repeats a batch already in the log. */
export interface DuplicateAppend {
  readonly kind: 'duplicate';
  /** Index of the duplicate batch in the headers given to prepareAppend. */
  readonly batchIndex: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly firstSequence: number;
  readonly lastSequence: number;
  /** Offsets the original append got: answer the produce request with these (error NONE). */
  readonly firstOffset: number;
  readonly lastOffset: number;
  /** The original batch's maxTimestamp (Kafka reports it as the logAppendTime of a duplicate). */
  readonly timestamp: number;
}

/** The batches passed validation: write them, then commit with the headers as written. */
export interface PendingAppend {
  readonly kind: 'append';
  /**
   * Records the batches in the producer state. Call once, only after the write succeeded, with the same batches
   * in the same order and their assigned baseOffset (and maxTimestamp, if LogAppendTime rewrote it). Throws if
   * the state changed since prepareAppend or the headers are not the prepared batches.
   */
  commit(written: readonly BatchHeader[]): void;
}

export type PrepareResult = DuplicateAppend | PendingAppend;

/** What commit compares the written batches with. */
export interface PreparedBatch {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
}

function lastSeqOf(e: ProducerSequenceState): number {
  return e.batches.length > 0 ? e.batches[e.batches.length - 1].lastSeq : NO_SEQUENCE;
}

// ---------------------------------------------------------------- the check

/**
 * Checks every batch of one request (see the top of the file) against the stored state `lookup` gives and the
 * request's earlier batches. Throws INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER or INVALID_RECORD;
 * returns the duplicate to answer without writing, or what commit must find written.
 */
export function checkAppend(
  headers: readonly BatchHeader[], lookup: (producerId: number) => ProducerSequenceState | undefined,
): DuplicateAppend | PreparedBatch[] {
  const pending = new Map<number, { epoch: number; lastSeq: number }>();
  const prepared: PreparedBatch[] = [];
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i];
    if (isControl(h.attributes)) {
      throw new KafkaError('INVALID_RECORD', 'clients are not allowed to write control records');
    }
    prepared.push({ producerId: h.producerId, producerEpoch: h.producerEpoch, baseSequence: h.baseSequence, lastOffsetDelta: h.lastOffsetDelta });
    if (h.producerId < 0) continue;
    const pid = h.producerId;
    if (h.baseSequence < 0) {
      throw new KafkaError('INVALID_RECORD', `invalid sequence number ${h.baseSequence} in a batch of producer ${pid}`);
    }
    const entry = lookup(pid);
    const lastSeq = lastSequenceOf(h);
    if (entry && entry.epoch === h.producerEpoch) {
      const dup = entry.batches.find((b) => b.firstSeq === h.baseSequence && b.lastSeq === lastSeq);
      if (dup) {
        return {
          kind: 'duplicate',
          batchIndex: i,
          producerId: pid,
          producerEpoch: h.producerEpoch,
          firstSequence: dup.firstSeq,
          lastSequence: dup.lastSeq,
          firstOffset: dup.firstOffset,
          lastOffset: dup.lastOffset,
          timestamp: dup.timestamp,
        };
      }
    }
    const cur = pending.get(pid) ?? { epoch: entry?.epoch ?? NO_PRODUCER_EPOCH, lastSeq: entry ? lastSeqOf(entry) : NO_SEQUENCE };
    if (h.producerEpoch < cur.epoch) {
      throw new KafkaError('INVALID_PRODUCER_EPOCH',
        `producer ${pid} sent epoch ${h.producerEpoch}, which is below its current epoch ${cur.epoch}`);
    }
    if (h.producerEpoch !== cur.epoch) {
      if (cur.epoch !== NO_PRODUCER_EPOCH && h.baseSequence !== 0) {
        throw new KafkaError('OUT_OF_ORDER_SEQUENCE_NUMBER',
          `producer ${pid} began epoch ${h.producerEpoch} (was ${cur.epoch}) at sequence ${h.baseSequence}; a new epoch starts at 0`);
      }
    } else if (cur.epoch !== NO_PRODUCER_EPOCH && !inSequence(cur.lastSeq, h.baseSequence)) {
      throw new KafkaError('OUT_OF_ORDER_SEQUENCE_NUMBER',
        `producer ${pid} epoch ${h.producerEpoch} sent sequence ${h.baseSequence}, expected ${incrementSequence(cur.lastSeq, 1)}`);
    }
    pending.set(pid, { epoch: h.producerEpoch, lastSeq });
  }
  return prepared;
}

/** Throws unless `written` are the prepared batches, in order, with offsets assigned. */
export function checkCommitted(written: readonly BatchHeader[], prepared: readonly PreparedBatch[]): void {
  if (written.length !== prepared.length) {
    throw new Error(`producer state: commit of ${written.length} batches, ${prepared.length} were prepared`);
  }
  for (let i = 0; i < written.length; i++) {
    const w = written[i];
    const p = prepared[i];
    if (w.producerId !== p.producerId || w.producerEpoch !== p.producerEpoch || w.baseSequence !== p.baseSequence
      || w.lastOffsetDelta !== p.lastOffsetDelta || w.baseOffset < 0) {
      throw new Error(`producer state: batch ${i} committed is not the batch prepared`);
    }
  }
}
