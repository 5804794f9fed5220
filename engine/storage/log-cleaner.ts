// Compaction (cleanup.policy=compact, or compact,delete): keep only the last record for each key.
//
// What is cleaned: the closed segments (never the active one) from the start of the log up to the first
// segment that has a record newer than min.compaction.lag.ms. The cleaner runs when the part of those
// segments written since the last clean (the dirty part) is at least min.cleanable.dirty.ratio of them, or
// when a dirty segment is older than max.compaction.lag.ms.
//
// How: one pass builds key -> last offset over the cleanable range; a second pass rewrites each segment,
// keeping a record when its offset is the last for its key. Offsets never change: a rewritten batch keeps
// its base offset and its records their offsets (batches may then have offset gaps, as Kafka's do), its
// producer id/epoch, timestamps and codec. Tombstones (null value) are kept until their segment's largest
// timestamp is older than delete.retention.ms, so consumers that were behind still see the delete.
// Batches whose records all survive are copied byte for byte. Transactions (cleaner-transactions.ts): aborted
// data is removed, markers are kept while needed and then until delete.retention.ms, the last batch of each
// producer stays as an empty batch, and nothing at or after the first unstable offset is cleaned.
//
// Crash safety: the cleaned copy of a segment is written to <dir>/.cleaner/, flushed, then its .log renamed
// to <base>.log.swap in the partition dir — the commit point — after which the old segment's files are
// deleted and the swap renamed into place. The loader completes or discards a half-done swap (log-loader.ts).
//
// The cleaner sees a log only through CleanableLog (its segments and config), so it depends on segments and
// not on PartitionLog, whose loader depends on the cleaner's work-dir name.

import path from 'node:path';
import type { FileLayer } from './file-io.ts';
import type { LogConfig } from './log-config.ts';
import { LogSegment, segmentPaths } from './segment.ts';
import { compressionOf, isControl, isTransactional, readBatchHeader, type BatchHeader } from './record-batch.ts';
import { buildBatch, decodeBatchRecords, type KafkaRecord } from './records.ts';
import { CleanerTransactions, emptyBatchLike } from './cleaner-transactions.ts';
import { readTxnMarker } from './control-batch.ts';
import type { ActiveProducer } from './producer-state.ts';
import type { AbortedTxn } from './transaction-index.ts';

export const CLEANER_DIR = '.cleaner';

/** What the cleaner needs of a partition's log (PartitionLog is one). */
export interface CleanableLog {
  readonly dir: string;
  readonly logConfig: LogConfig;
  /** Every segment but the active one, oldest first. */
  closedSegments(): readonly LogSegment[];
  /** Swaps a run of closed segments for their cleaned replacement. */
  replaceSegments(old: readonly LogSegment[], replacement: LogSegment): void;
  /** The first offset of the oldest open transaction: nothing at or past it is cleaned. */
  firstUnstableOffset(): number | undefined;
  /** Aborted transactions overlapping [fetchOffset, upperBoundOffset), from the .txnindex files. */
  collectAbortedTransactions(fetchOffset: number, upperBoundOffset: number): AbortedTxn[];
  /** The producers the log still tracks (their last batch is kept so their sequences survive). */
  describeProducers(): ActiveProducer[];
}

export interface CleanResult {
  dir: string;
  segmentsCleaned: number;
  recordsBefore: number;
  recordsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
  tombstonesRemoved: number;
  cleanedUpTo: number;
}

/** How far each log has been cleaned (in memory: after a restart the first clean simply redoes the work). */
const cleanedUpTo = new WeakMap<CleanableLog, number>();

function keyOf(r: KafkaRecord): string | null {
  return r.key === null ? null : r.key.toString('latin1');
}

export function cleanLog(log: CleanableLog, opts: { now: number; fileLayer: FileLayer; force?: boolean }): CleanResult | null {
  const config = log.logConfig;
  if (!config.cleanupPolicy.compact) return null;
  const cleanable: LogSegment[] = [];
  const firstUnstable = log.firstUnstableOffset() ?? Infinity;
  for (const s of log.closedSegments()) {
    if (s.size() === 0) continue;
    if (opts.now - s.largestTimestamp() < config.minCompactionLagMs) break;
    if (s.nextOffset > firstUnstable) break;
    cleanable.push(s);
  }
  if (cleanable.length === 0) return null;
  const done = cleanedUpTo.get(log) ?? -1;
  let dirtyBytes = 0;
  let totalBytes = 0;
  let overdue = false;
  for (const s of cleanable) {
    totalBytes += s.size();
    if (s.nextOffset > done + 1) {
      dirtyBytes += s.size();
      if (opts.now - s.largestTimestamp() > config.maxCompactionLagMs) overdue = true;
    }
  }
  if (dirtyBytes === 0 && !opts.force) return null;
  if (!opts.force && !overdue && dirtyBytes / totalBytes < config.minCleanableDirtyRatio) return null;

  // Pass 1: the last offset of every key in the cleanable range (aborted records do not count).
  const rangeStart = cleanable[0].baseOffset;
  const rangeEnd = cleanable[cleanable.length - 1].nextOffset;
  const aborted = log.collectAbortedTransactions(rangeStart, rangeEnd);
  const pass1 = new CleanerTransactions(aborted);
  const lastOffsetOf = new Map<string, number>();
  for (const s of cleanable) {
    for (const b of s.batches()) {
      if (isControl(b.header.attributes)) {
        const m = markerIn(s, b);
        if (m) pass1.onMarker(b.header, m);
        continue;
      }
      if (pass1.onDataBatch(b.header)) continue;
      for (const r of decodeBatchRecords(s.readBatch(b), 0)) {
        const k = keyOf(r);
        if (k !== null) lastOffsetOf.set(k, r.offset);
      }
    }
  }

  // Pass 2: rewrite segment by segment.
  const result: CleanResult = {
    dir: log.dir, segmentsCleaned: 0, recordsBefore: 0, recordsAfter: 0, bytesBefore: 0, bytesAfter: 0, tombstonesRemoved: 0,
    cleanedUpTo: cleanable[cleanable.length - 1].nextOffset - 1,
  };
  const tombstoneHorizon = opts.now - config.deleteRetentionMs;
  const txns = new CleanerTransactions(aborted);
  const lastDataOffset = new Map(log.describeProducers().map((p) => [p.producerId, p.lastOffset]));
  for (const s of cleanable) {
    const dropTombstones = s.largestTimestamp() < tombstoneHorizon;
    const replacement = rewriteSegment(log, s, config, opts, { txns, lastDataOffset, dropMarkers: dropTombstones }, (r) => {
      const k = keyOf(r);
      if (k === null || lastOffsetOf.get(k) !== r.offset) return false;
      if (r.value === null && dropTombstones) {
        result.tombstonesRemoved++;
        return false;
      }
      return true;
    }, result);
    if (replacement) log.replaceSegments([s], replacement);
    result.segmentsCleaned++;
  }
  cleanedUpTo.set(log, result.cleanedUpTo);
  return result;
}

interface TxnCleaning {
  txns: CleanerTransactions;
  /** Each producer's last data offset: its batch is kept (empty, if need be) so its sequence survives. */
  lastDataOffset: ReadonlyMap<number, number>;
  /** The segment is past delete.retention.ms: markers no longer needed may go. */
  dropMarkers: boolean;
}

function markerIn(seg: LogSegment, b: { position: number; size: number; header: BatchHeader }) {
  if (b.header.producerId < 0) return undefined;
  try {
    return readTxnMarker(seg.readBatch(b), 0);
  } catch {
    return undefined; // unreadable control record: kept as it is
  }
}

function rewriteSegment(
  log: CleanableLog,
  seg: LogSegment,
  config: LogConfig,
  opts: { now: number; fileLayer: FileLayer },
  txn: TxnCleaning,
  keep: (r: KafkaRecord) => boolean,
  result: CleanResult,
): LogSegment | null {
  const fl = opts.fileLayer;
  const out: { buf: Buffer; header: BatchHeader; lastOffset: number }[] = [];
  const abortIndex: ReturnType<CleanerTransactions['onMarker']>['indexEntry'][] = [];
  let changed = false;
  for (const b of seg.batches()) {
    const bytes = seg.readBatch(b);
    result.bytesBefore += bytes.length;
    const h = b.header;
    if (isControl(h.attributes)) {
      const marker = markerIn(seg, b);
      const verdict = marker ? txn.txns.onMarker(h, marker) : { removable: false };
      if (verdict.removable && txn.dropMarkers) {
        changed = true;
        continue;
      }
      if (verdict.indexEntry) abortIndex.push(verdict.indexEntry);
      out.push({ buf: bytes, header: h, lastOffset: h.baseOffset + h.lastOffsetDelta });
      continue;
    }
    const abortedBatch = txn.txns.onDataBatch(h);
    const records = decodeBatchRecords(bytes, 0);
    const kept = abortedBatch ? [] : records.filter(keep);
    result.recordsBefore += records.length;
    result.recordsAfter += kept.length;
    const last = h.baseOffset + h.lastOffsetDelta;
    const producersLast = h.producerId >= 0 && txn.lastDataOffset.get(h.producerId) === last;
    if (kept.length === records.length && (records.length > 0 || producersLast)) {
      out.push({ buf: bytes, header: h, lastOffset: last });
      continue;
    }
    changed = true;
    if (kept.length === 0) {
      if (producersLast) {
        const empty = emptyBatchLike(h);
        out.push({ buf: empty, header: readBatchHeader(empty, 0), lastOffset: last });
      }
      continue;
    }
    const base = kept[0].offset;
    const rebuilt = buildBatch(
      kept.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp, offsetDelta: r.offset - base })),
      {
        baseOffset: base,
        compression: compressionOf(h.attributes),
        partitionLeaderEpoch: h.partitionLeaderEpoch,
        producerId: h.producerId,
        producerEpoch: h.producerEpoch,
        baseSequence: h.baseSequence,
        transactional: isTransactional(h.attributes),
      },
    );
    out.push({ buf: rebuilt, header: readBatchHeader(rebuilt, 0), lastOffset: kept[kept.length - 1].offset });
  }
  if (!changed) {
    for (const o of out) result.bytesAfter += o.buf.length;
    return null;
  }
  // Keep the index entries of aborts that are still carried by the segment's markers.
  const carried = seg.txnIndex.entries().filter((t) => out.some((o) => o.header.baseOffset === t.lastOffset));
  for (const t of abortIndex) if (t && !carried.some((c) => c.lastOffset === t.lastOffset)) carried.push(t);
  carried.sort((a, b) => a.lastOffset - b.lastOffset);

  // Write the cleaned copy beside the log, commit it with a rename, then install it.
  const work = path.join(log.dir, CLEANER_DIR);
  fl.rmdir(work);
  fl.mkdirp(work);
  const cleaned = LogSegment.open(fl, work, seg.baseOffset, config, opts.now);
  for (const o of out) {
    cleaned.append(o.buf, o.lastOffset, o.header.maxTimestamp, o.lastOffset);
    result.bytesAfter += o.buf.length;
  }
  for (const t of carried) cleaned.txnIndex.append(t);
  cleaned.onBecomeInactive();
  cleaned.flush();
  cleaned.close();
  const from = segmentPaths(work, seg.baseOffset);
  const to = segmentPaths(log.dir, seg.baseOffset);
  fl.rename(from.log, `${to.log}.swap`);
  fl.syncDir(log.dir);
  seg.delete();
  fl.rename(`${to.log}.swap`, to.log);
  fl.rename(from.index, to.index);
  fl.rename(from.timeIndex, to.timeIndex);
  if (carried.length > 0) fl.rename(from.txnIndex, to.txnIndex);
  fl.rmdir(work);
  fl.syncDir(log.dir);
  const installed = LogSegment.open(fl, log.dir, seg.baseOffset, config, opts.now);
  installed.loadFast();
  return installed;
}
