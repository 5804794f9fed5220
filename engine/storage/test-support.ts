// Shared by the storage tests: temp dirs, deterministic batches, reading a whole log back.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { isKafkaError, type ErrorName } from '../protocol/error-codes.ts';
import type { PartitionLog } from './partition-log.ts';
import { iterateBatches } from './record-batch.ts';
import { buildBatch, decodeBatchRecords, type KafkaRecord, type NewRecord } from './records.ts';
import type { CheckpointStore } from './log-manager.ts';
import type { PartitionCheckpoint } from './log-loader.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'streamlab-storage-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** A batch of `count` records whose values name their intended sequence number: "v<seq>". */
export function batchOf(firstSeq: number, count: number, opts: { timestamp?: number; key?: (seq: number) => string | null; valueBytes?: number } = {}): Buffer {
  const records: NewRecord[] = [];
  for (let i = 0; i < count; i++) {
    const seq = firstSeq + i;
    const pad = opts.valueBytes ? '.'.repeat(Math.max(0, opts.valueBytes - String(seq).length - 1)) : '';
    records.push({
      key: opts.key ? opts.key(seq) : `k${seq}`,
      value: `v${seq}${pad}`,
      timestamp: opts.timestamp ?? 1_700_000_000_000 + seq,
    });
  }
  return buildBatch(records, { now: opts.timestamp ?? 1_700_000_000_000 });
}

/** Every record from offset `from` to the log end (ignoring the high watermark). */
export function readAll(log: PartitionLog, from = log.logStartOffset): KafkaRecord[] {
  const out: KafkaRecord[] = [];
  let offset = from;
  while (offset < log.logEndOffset) {
    const bytes = log.read(offset, 64 * 1024, { maxOffset: log.logEndOffset });
    if (bytes.length === 0) break;
    for (const h of iterateBatches(bytes, { validate: true, allowOffsetGaps: true })) {
      for (const r of decodeBatchRecords(bytes, h.position)) if (r.offset >= offset) out.push(r);
      offset = h.baseOffset + h.lastOffsetDelta + 1;
    }
  }
  return out;
}

export class MemoryCheckpointStore implements CheckpointStore {
  readonly data = new Map<string, PartitionCheckpoint>();
  read(): Map<string, PartitionCheckpoint> {
    return new Map(this.data);
  }
  write(entries: { tp: { topic: string; partition: number }; checkpoint: PartitionCheckpoint }[]): void {
    for (const e of entries) this.data.set(`${e.tp.topic}\u0000${e.tp.partition}`, { ...e.checkpoint });
  }
}

export class ManualClock {
  constructor(public now = 1_700_000_000_000) {}
  readonly fn = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

/** Asserts fn throws the KafkaError named `name`. */
export function expectError(fn: () => unknown, name: ErrorName): void {
  let thrown: unknown;
  try { fn(); } catch (e) { thrown = e; }
  expect(isKafkaError(thrown, name), `expected ${name}, got ${String(thrown)}`).toBe(true);
}

/** Bitwise CRC-32C (Castagnoli, reflected polynomial 0x82F63B78): independent of @node-rs/crc32. */
export function crc32cRef(b: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of b) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
