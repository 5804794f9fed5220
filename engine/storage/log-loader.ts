// Opening a partition directory: which files are trusted, which are rebuilt, what is truncated.
//
// Directory contents: <base>.log/.index/.timeindex per segment (see segment.ts), plus transient files that only
// exist mid-operation: *.tmp (an atomic write in progress), *.cleaned (compaction output being written),
// *.swap (compaction output complete, about to replace the segments it covers), *.deleted (a segment on its
// way out).
//
// Recovery policy (Kafka's LogLoader):
// 1. Delete *.tmp, *.cleaned and *.deleted files and the cleaner's work dir: the operations that made them
//    had not committed.
//    A *.swap file means a compaction committed but did not finish installing: delete the segments its offset
//    range covers and rename it into place (its indexes are rebuilt).
// 2. Index files without a .log are deleted.
// 3. After a clean shutdown (the broker's marker file was present) every segment opens fast: indexes are
//    sanity-checked and the log end is found by walking headers from the last index entry. An index that fails
//    its check is rebuilt from the .log.
// 4. Without the marker, segments wholly below the recovery point open fast; the segment holding the recovery
//    point and every later one is recovered: each batch is validated (header, CRC-32C), indexes are rebuilt,
//    and the first invalid or torn batch truncates the log there. Every segment after a truncated one is
//    deleted, since its data is not contiguous with the valid prefix.
// 5. The log start offset is the larger of the checkpointed one and the first segment's base; the high
//    watermark is clamped to the log end. An empty directory gets one empty segment at the log start offset.
// 6. The .txnindex of every recovered segment is rebuilt: the batch headers are replayed from the first
//    segment to learn which transactions are open, and each ABORT marker in a recovered segment is indexed
//    again (segments loaded fast keep theirs: it was flushed with the segment).
// Corruption never throws out of the loader: it is repaired and described in the RecoveryReport.

import path from 'node:path';
import type { FileLayer } from './file-io.ts';
import type { LogConfig } from './log-config.ts';
import { CorruptIndexError } from './index-file.ts';
import { CLEANER_DIR } from './log-cleaner.ts';
import { INDEX_SUFFIX, LOG_SUFFIX, LogSegment, TIME_INDEX_SUFFIX } from './segment.ts';
import { readTxnMarker } from './control-batch.ts';
import { isControl, isTransactional } from './record-batch.ts';

export interface PartitionCheckpoint {
  recoveryPoint: number;
  logStartOffset: number;
  highWatermark: number;
}

export interface RecoveryReport {
  cleanShutdown: boolean;
  segmentsLoaded: number;
  segmentsRecovered: number;
  indexesRebuilt: number[];
  truncatedBytes: number;
  deletedSegments: number[];
  /** First offset that was lost, when anything was truncated. */
  truncatedAtOffset?: number;
  reasons: string[];
}

export interface LoadedLog {
  segments: LogSegment[];
  logStartOffset: number;
  recoveryPoint: number;
  highWatermark: number;
  report: RecoveryReport;
}

const SWAP_CHECK_DIR = '.swap-check-';
const SEGMENT_FILE = /^(\d{20})\.(log|index|timeindex|txnindex)(\.(swap|cleaned|deleted))?$/;

export function loadLog(
  fileLayer: FileLayer,
  dir: string,
  config: LogConfig,
  now: number,
  checkpoint: PartitionCheckpoint | undefined,
  cleanShutdown: boolean,
): LoadedLog {
  fileLayer.mkdirp(dir);
  const report: RecoveryReport = {
    cleanShutdown,
    segmentsLoaded: 0,
    segmentsRecovered: 0,
    indexesRebuilt: [],
    truncatedBytes: 0,
    deletedSegments: [],
    reasons: [],
  };

  // Step 1: transient files.
  const swaps: number[] = [];
  let listing = fileLayer.readdir(dir);
  let changed = false;
  for (const name of listing) {
    if (name.endsWith('.tmp') || name.endsWith('.cleaned') || name.endsWith('.deleted')) {
      fileLayer.unlink(path.join(dir, name));
      changed = true;
      continue;
    }
    if (name === CLEANER_DIR || name.startsWith(SWAP_CHECK_DIR)) {
      fileLayer.rmdir(path.join(dir, name));
      changed = true;
      continue;
    }
    const m = SEGMENT_FILE.exec(name);
    if (m && m[4] === 'swap') {
      if (m[2] === 'log') swaps.push(Number(m[1]));
      else fileLayer.unlink(path.join(dir, name)); // swap indexes are rebuilt below
      changed = true;
    }
  }
  for (const base of swaps) installSwap(fileLayer, dir, config, now, base, report);
  // Listed again only when step 1 changed the directory: most opens list it once.
  if (changed) listing = fileLayer.readdir(dir);

  // Step 2: collect segments by base offset.
  const logs = new Set<number>();
  const indexes: string[] = [];
  for (const name of listing) {
    const m = SEGMENT_FILE.exec(name);
    if (!m || m[4]) continue;
    if (m[2] === 'log') logs.add(Number(m[1]));
    else indexes.push(name);
  }
  for (const name of indexes) {
    if (!logs.has(Number(name.slice(0, 20)))) fileLayer.unlink(path.join(dir, name));
  }
  const bases = [...logs].sort((a, b) => a - b);

  // Steps 3-4.
  const recoveryPoint = cleanShutdown ? Number.MAX_SAFE_INTEGER : (checkpoint?.recoveryPoint ?? 0);
  const segments: LogSegment[] = [];
  const recovered = new Set<LogSegment>();
  for (let i = 0; i < bases.length; i++) {
    const base = bases[i];
    const seg = LogSegment.open(fileLayer, dir, base, config, now);
    const nextBase = i + 1 < bases.length ? bases[i + 1] : Number.MAX_SAFE_INTEGER;
    const needsRecovery = !cleanShutdown && nextBase > recoveryPoint;
    if (!needsRecovery) {
      try {
        seg.loadFast();
        report.segmentsLoaded++;
        segments.push(seg);
        continue;
      } catch (err) {
        if (!(err instanceof CorruptIndexError)) throw err;
        report.indexesRebuilt.push(base);
        report.reasons.push(err.message);
      }
    }
    const result = seg.recover();
    recovered.add(seg);
    report.segmentsRecovered++;
    segments.push(seg);
    if (result.truncatedBytes > 0) {
      report.truncatedBytes += result.truncatedBytes;
      report.truncatedAtOffset = result.nextOffset;
      report.reasons.push(`${seg.logPath}: ${result.reason ?? 'invalid tail'}; truncated ${result.truncatedBytes} bytes`);
      for (const later of bases.slice(i + 1)) {
        const doomed = LogSegment.open(fileLayer, dir, later, config, now);
        report.truncatedBytes += doomed.size();
        doomed.delete();
        report.deletedSegments.push(later);
      }
      break;
    }
  }

  // Step 5.
  let logStartOffset = Math.max(checkpoint?.logStartOffset ?? 0, segments[0]?.baseOffset ?? 0);
  if (segments.length === 0) {
    segments.push(LogSegment.open(fileLayer, dir, logStartOffset, config, now));
  }
  // Drop empty segments left ahead of a non-empty successor (a crash between roll and first append is fine,
  // but an empty segment followed by others would make offsets ambiguous).
  for (let i = segments.length - 2; i >= 0; i--) {
    if (segments[i].size() === 0) {
      report.deletedSegments.push(segments[i].baseOffset);
      segments[i].delete();
      segments.splice(i, 1);
    }
  }
  const logEndOffset = segments[segments.length - 1].nextOffset;
  if (logStartOffset > logEndOffset) {
    // Everything at or above the checkpointed start was lost: start afresh at the checkpointed offset.
    for (const s of segments) s.delete();
    segments.length = 0;
    segments.push(LogSegment.open(fileLayer, dir, logStartOffset, config, now));
  }
  logStartOffset = Math.max(logStartOffset, segments[0].baseOffset);
  // Step 6.
  if (segments.some((s) => recovered.has(s))) rebuildTransactionIndexes(segments, recovered);
  const end = segments[segments.length - 1].nextOffset;
  return {
    segments,
    logStartOffset,
    recoveryPoint: end,
    highWatermark: Math.min(checkpoint?.highWatermark ?? 0, end),
    report,
  };
}

/** Completes a compaction swap: the .swap segment replaces every segment whose base lies in its range. */
function installSwap(fileLayer: FileLayer, dir: string, config: LogConfig, now: number, base: number, report: RecoveryReport): void {
  const stem = path.join(dir, String(base).padStart(20, '0'));
  // Remove the segments the swap covers. Its range ends where the next non-covered segment begins; the
  // cleaner only ever swaps a contiguous run starting at `base`, so read its end from the swap itself.
  const swapLog = `${stem}${LOG_SUFFIX}.swap`;
  const tmpDir = path.join(dir, `${SWAP_CHECK_DIR}${base}`);
  fileLayer.mkdirp(tmpDir);
  const tmpStem = path.join(tmpDir, String(base).padStart(20, '0'));
  fileLayer.rename(swapLog, tmpStem + LOG_SUFFIX);
  const probe = LogSegment.open(fileLayer, tmpDir, base, config, now);
  const result = probe.recover();
  const swapEnd = result.nextOffset;
  probe.close();
  for (const name of fileLayer.readdir(dir)) {
    const m = SEGMENT_FILE.exec(name);
    if (!m || m[4]) continue;
    const b = Number(m[1]);
    if (b >= base && b < swapEnd) fileLayer.unlink(path.join(dir, name));
  }
  fileLayer.rename(tmpStem + LOG_SUFFIX, stem + LOG_SUFFIX);
  fileLayer.unlink(tmpStem + INDEX_SUFFIX);
  fileLayer.unlink(tmpStem + TIME_INDEX_SUFFIX);
  fileLayer.rmdir(tmpDir);
  report.reasons.push(`completed an interrupted compaction swap at offset ${base}`);
}

/**
 * Re-derives the aborted-transaction entries of the `recovered` segments by replaying every batch header in
 * order (only markers are decoded): a transactional data batch opens its producer's transaction, a marker
 * closes it, and an ABORT marker in a recovered segment is appended to that segment's index.
 */
function rebuildTransactionIndexes(segments: readonly LogSegment[], recovered: ReadonlySet<LogSegment>): void {
  const open = new Map<number, number>(); // producer id -> first offset of its open transaction
  for (const seg of segments) {
    for (const b of seg.batches()) {
      const h = b.header;
      if (h.producerId < 0 || !isTransactional(h.attributes)) continue;
      if (!isControl(h.attributes)) {
        if (!open.has(h.producerId)) open.set(h.producerId, h.baseOffset);
        continue;
      }
      let marker;
      try {
        marker = readTxnMarker(seg.readBatch(b), 0);
      } catch {
        continue; // not a marker we can read: it ends nothing
      }
      if (!marker) continue;
      const firstOffset = open.get(h.producerId) ?? h.baseOffset;
      open.delete(h.producerId);
      if (marker.type === 'ABORT' && recovered.has(seg)) {
        let next = Infinity;
        for (const o of open.values()) next = Math.min(next, o);
        seg.txnIndex.append({
          producerId: h.producerId, firstOffset, lastOffset: h.baseOffset,
          lastStableOffset: next === Infinity ? h.baseOffset + 1 : next,
        });
      }
    }
  }
}
