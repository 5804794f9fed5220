// Storage benchmark: the partition log's append path against plain fs writes of the same bytes, sequential
// read-back, and recovery of a large partition without the clean-shutdown marker.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PartitionLog, logConfig } from '../engine/testing.ts';
import { buildBatch } from '../engine/index.ts';
import type { BenchResult } from './report.ts';

const RECORD_BYTES = 100;
const BATCH_BYTES = 16 * 1024;

function makeBatch(): { batch: Buffer; records: number } {
  const records = [];
  const value = Buffer.alloc(RECORD_BYTES, 'x');
  // Fill a 16 KiB batch: each 100-byte value costs ~108 bytes on the wire with its varint framing.
  for (let size = 61; size + RECORD_BYTES + 8 <= BATCH_BYTES; size += RECORD_BYTES + 8) records.push({ value, timestamp: Date.now() });
  const batch = buildBatch(records);
  return { batch, records: records.length };
}

export async function storageBench(totalBytes: number): Promise<BenchResult[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-bench-'));
  const results: BenchResult[] = [];
  try {
    const { batch, records } = makeBatch();
    const appends = Math.ceil(totalBytes / batch.length);
    const mb = (appends * batch.length) / 1e6;

    // Baseline: the same chunks with plain positional fs writes, page cache only, as the log does. It runs
    // before and after the log so neither side gets a warmer page cache; the mean is the baseline.
    const plainFile = path.join(root, 'plain.bin');
    const plainWrite = (): number => {
      const fd = fs.openSync(plainFile, 'w');
      const t0 = process.hrtime.bigint();
      for (let i = 0, pos = 0; i < appends; i++, pos += batch.length) fs.writeSync(fd, batch, 0, batch.length, pos);
      fs.closeSync(fd);
      const sec = Number(process.hrtime.bigint() - t0) / 1e9;
      fs.rmSync(plainFile);
      return sec;
    };
    const plainBefore = plainWrite();
    let t: bigint;

    const dir = path.join(root, 'bench-0');
    const config = logConfig();
    let log = PartitionLog.open({ dir, config });
    t = process.hrtime.bigint();
    for (let i = 0; i < appends; i++) log.appendAsLeader(batch, 0);
    const appendSec = Number(process.hrtime.bigint() - t) / 1e9;
    const plainSec = (plainBefore + plainWrite()) / 2;
    const appendRate = (appends * records) / appendSec;
    results.push({ name: 'storage append (100 B records, 16 KiB batches)', value: appendRate, unit: 'records/s', extra: { MBps: mb / appendSec, GiB: (appends * batch.length) / 2 ** 30 } });
    results.push({ name: 'plain fs writes, same chunks', value: mb / plainSec, unit: 'MB/s' });
    results.push({ name: 'append / plain fs ratio', value: plainSec / appendSec, unit: 'ratio', target: 0.8, higherIsBetter: true });

    // Sequential read-back through the log's read path, 1 MiB fetches.
    t = process.hrtime.bigint();
    let offset = 0;
    let bytes = 0;
    while (offset < log.logEndOffset) {
      const chunk = log.read(offset, 1024 * 1024);
      bytes += chunk.length;
      // Next offset: after the last batch in the chunk.
      let p = 0;
      let last = offset;
      while (p < chunk.length) {
        last = chunk.readInt32BE(p) * 2 ** 32 + chunk.readUInt32BE(p + 4) + chunk.readInt32BE(p + 23) + 1;
        p += 12 + chunk.readInt32BE(p + 8);
      }
      offset = last;
    }
    const readSec = Number(process.hrtime.bigint() - t) / 1e9;
    results.push({ name: 'sequential read-back (1 MiB reads)', value: bytes / 1e6 / readSec, unit: 'MB/s' });

    // Recovery without the clean-shutdown marker and with no checkpoint: every segment re-validated.
    log.closeWithoutFlush();
    t = process.hrtime.bigint();
    log = PartitionLog.open({ dir, config, cleanShutdown: false });
    const recoverSec = Number(process.hrtime.bigint() - t) / 1e9;
    if (log.logEndOffset !== appends * records) throw new Error(`recovery lost data: ${log.logEndOffset} != ${appends * records}`);
    results.push({ name: `recovery of ${(bytes / 2 ** 30).toFixed(2)} GiB without the clean marker`, value: recoverSec, unit: 's', target: 3, higherIsBetter: false });
    log.close();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return results;
}
