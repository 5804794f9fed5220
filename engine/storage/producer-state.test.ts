// Producer state: sequence/epoch checks and deduplication against a real PartitionLog in a temp dir, the
// snapshot format (known-answer bytes), and recovery — write, corrupt (flip, truncate), reload, check.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PartitionLog } from './partition-log.ts';
import { logConfig } from './log-config.ts';
import { nodeFileLayer, type FileLayer } from './file-io.ts';
import { FaultyFileLayer } from './faulty-file-layer.ts';
import { ManualClock, tempDir } from './test-support.ts';
import { buildBatch } from './records.ts';
import { iterateBatches, lastOffset, setBaseOffset, type BatchHeader } from './record-batch.ts';
import { isKafkaError } from '../protocol/error-codes.ts';
import {
  CorruptSnapshotError,
  DEFAULT_PRODUCER_ID_EXPIRATION_MS,
  ProducerStateManager,
  decodeProducerSnapshot,
  decrementSequence,
  encodeProducerSnapshot,
  incrementSequence,
  snapshotFileName,
  type PrepareResult,
  type ProducerStateOptions,
} from './producer-state.ts';

const MAX = 0x7fffffff;

/** Every batch header of the log whose last offset is >= from (what PartitionLog will provide). */
function* scanLog(log: PartitionLog, from: number): Generator<BatchHeader> {
  let offset = Math.max(from, log.logStartOffset);
  while (offset < log.logEndOffset) {
    const bytes = log.read(offset, 1 << 20, { maxOffset: log.logEndOffset });
    if (bytes.length === 0) return;
    for (const h of iterateBatches(bytes)) {
      if (lastOffset(h) >= from) yield h;
      offset = lastOffset(h) + 1;
    }
  }
}

interface BatchSpec {
  pid: number;
  epoch: number;
  seq: number;
  count: number;
}

function batch(b: BatchSpec, now: number): Buffer {
  const records = Array.from({ length: b.count }, (_, i) => ({ key: `k${i}`, value: `p${b.pid}e${b.epoch}s${b.seq}+${i}`, timestamp: now }));
  return buildBatch(records, { producerId: b.pid, producerEpoch: b.epoch, baseSequence: b.seq, now });
}

/**
 * A partition log plus a producer state of the harness's own, wired the way PartitionLog wires its own. The
 * log takes batches as a follower (offsets assigned here), so only the harness's state judges sequences, and
 * it lives in a directory of its own so its snapshots are the only ones the tests see.
 */
class Harness {
  log: PartitionLog;
  state: ProducerStateManager;
  readonly clock = new ManualClock();
  scans: number[] = [];
  constructor(
    readonly dir = path.join(tempDir(), 'orders-0'),
    private readonly fileLayer: FileLayer = nodeFileLayer,
    private readonly opts: ProducerStateOptions = {},
  ) {
    this.log = PartitionLog.open({ dir: this.logDir, config: logConfig(), clock: this.clock.fn });
    fs.mkdirSync(dir, { recursive: true });
    this.state = this.loadState();
  }

  get logDir(): string {
    return `${this.dir}-log`;
  }

  /** Writes batches at the log end, as a leader would after its checks, without the log's own checks. */
  append(buf: Buffer): ReturnType<PartitionLog['appendAsFollower']> {
    let next = this.log.logEndOffset;
    for (const h of [...iterateBatches(buf)]) {
      setBaseOffset(buf, h.position, next);
      next += h.lastOffsetDelta + 1;
    }
    return this.log.appendAsFollower(buf);
  }

  private loadState(): ProducerStateManager {
    const log = this.log;
    return ProducerStateManager.load(this.fileLayer, this.dir, log.logEndOffset, (from) => {
      this.scans.push(from);
      return scanLog(log, from);
    }, { clock: this.clock.fn, ...this.opts });
  }

  /** Leader append of one request (one or more batches): prepare, write, commit. */
  produce(...specs: BatchSpec[]): PrepareResult & { first?: number; last?: number } {
    const buf = Buffer.concat(specs.map((s) => batch(s, this.clock.now)));
    const prepared = this.state.prepareAppend([...iterateBatches(buf)]);
    if (prepared.kind === 'duplicate') return prepared;
    const r = this.append(buf);
    prepared.commit(r.headers);
    return Object.assign(prepared, { first: r.firstOffset, last: r.lastOffset });
  }

  /** Offsets of an accepted append; fails the test on a duplicate. */
  ok(...specs: BatchSpec[]): [number, number] {
    const r = this.produce(...specs);
    expect(r.kind).toBe('append');
    return [r.first!, r.last!];
  }

  restart(clean: boolean): void {
    if (clean) {
      this.state.takeSnapshot(this.log.logEndOffset);
      this.log.close();
    } else {
      this.log.closeWithoutFlush();
    }
    this.log = PartitionLog.open({ dir: this.logDir, config: logConfig(), clock: this.clock.fn, cleanShutdown: clean });
    this.scans = [];
    this.state = this.loadState();
  }

  snapshots(): string[] {
    return fs.readdirSync(this.dir).filter((f) => f.includes('.snapshot')).sort();
  }
}

function expectError(fn: () => unknown, name: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, `expected ${name}`).toBeDefined();
  expect(isKafkaError(thrown, name as never), String(thrown)).toBe(true);
}

const P = 4000;

describe('sequence checks on the leader', () => {
  it('accepts in-order sequences and records the last batches', () => {
    const h = new Harness();
    expect(h.ok({ pid: P, epoch: 0, seq: 0, count: 5 })).toEqual([0, 4]);
    expect(h.ok({ pid: P, epoch: 0, seq: 5, count: 5 })).toEqual([5, 9]);
    expect(h.ok({ pid: P, epoch: 0, seq: 10, count: 3 })).toEqual([10, 12]);
    expect(h.state.activeProducers()).toEqual([
      { producerId: P, epoch: 0, lastSequence: 12, lastOffset: 12, lastTimestamp: h.clock.now, coordinatorEpoch: -1, currentTxnStartOffset: -1 },
    ]);
    expect(h.state.entry(P)!.batches.map((b) => [b.firstSeq, b.lastSeq, b.firstOffset, b.lastOffset])).toEqual([
      [0, 4, 0, 4], [5, 9, 5, 9], [10, 12, 10, 12],
    ]);
  });

  it('answers an exact duplicate of any of the last 5 batches with its original offsets, writing nothing', () => {
    const h = new Harness();
    h.ok({ pid: 77, epoch: 0, seq: 0, count: 1 }); // another producer shifts the offsets
    const offsets: [number, number][] = [];
    for (let i = 0; i < 6; i++) offsets.push(h.ok({ pid: P, epoch: 0, seq: i * 5, count: 5 }));
    const end = h.log.logEndOffset;
    for (let i = 1; i < 6; i++) {
      const r = h.produce({ pid: P, epoch: 0, seq: i * 5, count: 5 });
      expect(r).toMatchObject({ kind: 'duplicate', firstOffset: offsets[i][0], lastOffset: offsets[i][1], firstSequence: i * 5, lastSequence: i * 5 + 4 });
    }
    expect(h.log.logEndOffset).toBe(end);
    // The first batch fell out of the 5-batch window: now it is just out of order.
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 0, count: 5 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    // Same first sequence but a different last one is not a duplicate.
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 25, count: 3 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(h.ok({ pid: P, epoch: 0, seq: 30, count: 1 })).toEqual([end, end]);
  });

  it('refuses a sequence gap with OUT_OF_ORDER_SEQUENCE_NUMBER and keeps the state', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 0, seq: 0, count: 5 });
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 6, count: 1 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 4, count: 2 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(h.log.logEndOffset).toBe(5);
    expect(h.ok({ pid: P, epoch: 0, seq: 5, count: 1 })).toEqual([5, 5]);
  });

  it('refuses a stale epoch; a new epoch must start at sequence 0', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 3, seq: 0, count: 5 });
    expectError(() => h.produce({ pid: P, epoch: 2, seq: 5, count: 1 }), 'INVALID_PRODUCER_EPOCH');
    expectError(() => h.produce({ pid: P, epoch: 4, seq: 5, count: 1 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(h.ok({ pid: P, epoch: 4, seq: 0, count: 2 })).toEqual([5, 6]);
    expect(h.state.entry(P)).toMatchObject({ producerEpoch: 4, batches: [{ firstSeq: 0, lastSeq: 1 }] });
    // A retry from the fenced epoch is no longer a duplicate: it is fenced.
    expectError(() => h.produce({ pid: P, epoch: 3, seq: 0, count: 5 }), 'INVALID_PRODUCER_EPOCH');
  });

  it('accepts an unknown producer at any sequence and checks it from then on', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 1, seq: 42, count: 5 });
    expectError(() => h.produce({ pid: P, epoch: 1, seq: 48, count: 1 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    h.ok({ pid: P, epoch: 1, seq: 47, count: 1 });
  });

  it('wraps sequences at int32: 2147483647 is followed by 0', () => {
    expect(incrementSequence(MAX - 1, 4)).toBe(2);
    expect(decrementSequence(2, 4)).toBe(MAX - 1);
    const h = new Harness();
    h.ok({ pid: P, epoch: 0, seq: MAX - 4, count: 5 });
    expect(h.state.activeProducers()[0].lastSequence).toBe(MAX);
    expectError(() => h.produce({ pid: P, epoch: 0, seq: MAX, count: 1 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    h.ok({ pid: P, epoch: 0, seq: 0, count: 1 });

    const g = new Harness();
    const [first, last] = g.ok({ pid: P, epoch: 0, seq: MAX - 1, count: 5 }); // MAX-1, MAX, 0, 1, 2
    expect(g.state.entry(P)!.batches[0]).toMatchObject({ firstSeq: MAX - 1, lastSeq: 2 });
    expect(g.produce({ pid: P, epoch: 0, seq: MAX - 1, count: 5 })).toMatchObject({ kind: 'duplicate', firstOffset: first, lastOffset: last });
    expectError(() => g.produce({ pid: P, epoch: 0, seq: 4, count: 1 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    g.ok({ pid: P, epoch: 0, seq: 3, count: 1 });
  });

  it('checks several batches of one request in order, against the earlier ones, all or nothing', () => {
    const h = new Harness();
    expect(h.ok({ pid: P, epoch: 0, seq: 0, count: 5 }, { pid: P, epoch: 0, seq: 5, count: 5 }, { pid: 9, epoch: 0, seq: 0, count: 1 })).toEqual([0, 10]);
    expect(h.state.entry(P)!.batches.map((b) => b.lastSeq)).toEqual([4, 9]);
    // The second batch does not follow the first: nothing is written, nothing recorded.
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 10, count: 5 }, { pid: P, epoch: 0, seq: 20, count: 5 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    // The same sequence twice in one request: the second copy is out of order, not a duplicate.
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 10, count: 5 }, { pid: P, epoch: 0, seq: 10, count: 5 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    // An epoch bump inside the request: the later batch restarts at 0, an earlier-epoch batch after it is fenced.
    expectError(() => h.produce({ pid: P, epoch: 1, seq: 0, count: 1 }, { pid: P, epoch: 0, seq: 10, count: 1 }), 'INVALID_PRODUCER_EPOCH');
    expect(h.log.logEndOffset).toBe(11);
    expect(h.state.activeProducers().find((p) => p.producerId === P)!.lastSequence).toBe(9);
    h.ok({ pid: P, epoch: 1, seq: 0, count: 1 }, { pid: P, epoch: 1, seq: 1, count: 1 });
  });

  it('lets batches without a producer id through; refuses control batches and missing sequences from clients', () => {
    const h = new Harness();
    const plain = buildBatch([{ value: 'x' }, { value: 'y' }], { now: h.clock.now });
    const p = h.state.prepareAppend([...iterateBatches(plain)]);
    expect(p.kind).toBe('append');
    if (p.kind === 'append') p.commit(h.append(plain).headers);
    expect(h.state.producerCount).toBe(0);
    const control = buildBatch([{ value: 'm' }], { producerId: P, producerEpoch: 0, baseSequence: -1, isControl: true, transactional: true });
    expectError(() => h.state.prepareAppend([...iterateBatches(control)]), 'INVALID_RECORD');
    const noSeq = buildBatch([{ value: 'z' }], { producerId: P, producerEpoch: 0, baseSequence: -1 });
    expectError(() => h.state.prepareAppend([...iterateBatches(noSeq)]), 'INVALID_RECORD');
  });

  it('commits once, only the prepared batches, and only against the state it was prepared on', () => {
    const h = new Harness();
    const a = batch({ pid: P, epoch: 0, seq: 0, count: 2 }, h.clock.now);
    const pa = h.state.prepareAppend([...iterateBatches(a)]);
    const pb = h.state.prepareAppend([...iterateBatches(batch({ pid: P, epoch: 0, seq: 0, count: 2 }, h.clock.now))]);
    if (pa.kind !== 'append' || pb.kind !== 'append') throw new Error('expected appends');
    const other = [...iterateBatches(batch({ pid: P, epoch: 0, seq: 0, count: 3 }, h.clock.now))];
    expect(() => pa.commit(other)).toThrow(/not the batch prepared/);
    const written = h.append(a).headers;
    pa.commit(written);
    expect(() => pa.commit(written)).toThrow(/already committed/);
    expect(() => pb.commit(written)).toThrow(/changed between/);
  });

  it('applies replicated batches without checks (the leader validated them)', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 5, seq: 0, count: 2 });
    const hdr = (epoch: number, seq: number, baseOffset: number): BatchHeader => ({
      ...[...iterateBatches(batch({ pid: P, epoch, seq, count: 3 }, h.clock.now))][0], baseOffset,
    });
    h.state.applyReplicated([hdr(5, 100, 2)]); // a gap
    h.state.applyReplicated([hdr(4, 7, 5)]); // a lower epoch (Kafka only warns)
    expect(h.state.entry(P)).toMatchObject({ producerEpoch: 4, batches: [{ firstSeq: 7, lastSeq: 9, firstOffset: 5, lastOffset: 7 }] });
  });

  it('expires producers idle for producer.id.expiration.ms, which are then unknown again', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 0, seq: 0, count: 1 });
    h.clock.advance(1000);
    h.ok({ pid: 9, epoch: 0, seq: 0, count: 1 });
    expect(h.state.removeExpiredProducers(h.clock.now - 1000 + DEFAULT_PRODUCER_ID_EXPIRATION_MS - 1)).toBe(0);
    expect(h.state.removeExpiredProducers(h.clock.now - 1000 + DEFAULT_PRODUCER_ID_EXPIRATION_MS)).toBe(1);
    expect(h.state.activeProducers().map((p) => p.producerId)).toEqual([9]);
    h.ok({ pid: P, epoch: 0, seq: 17, count: 1 });
  });
});

/** Independent bitwise CRC-32C (reflected Castagnoli polynomial 0x82F63B78) for the known-answer test. */
function bitwiseCrc32c(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('snapshot file format', () => {
  it('writes Kafka\'s ProducerSnapshot v1 bytes for one entry (known answer)', () => {
    expect(bitwiseCrc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const dir = tempDir();
    const state = ProducerStateManager.load(nodeFileLayer, dir, 0, () => [], { clock: () => 1_700_000_000_000 });
    // Producer 1000, epoch 3, one batch of 5 records with sequences 5..9 at offsets 38..42.
    const [h] = [...iterateBatches(buildBatch(
      Array.from({ length: 5 }, () => ({ value: 'v', timestamp: 1_700_000_000_000 })),
      { producerId: 1000, producerEpoch: 3, baseSequence: 5, baseOffset: 38 },
    ))];
    state.applyReplicated([h]);
    expect(state.takeSnapshot(43)).toBe(true);
    const bytes = fs.readFileSync(path.join(dir, '00000000000000000043.snapshot'));
    const body = Buffer.from([
      0x00, 0x00, 0x00, 0x01, //                                 entry count 1
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8, //         producer_id 1000
      0x00, 0x03, //                                             epoch 3
      0x00, 0x00, 0x00, 0x09, //                                 last_sequence 9
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a, //         last_offset 42
      0x00, 0x00, 0x00, 0x04, //                                 offset_delta 4
      0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00, //         timestamp 1700000000000 = 0x18BCFE56800
      0xff, 0xff, 0xff, 0xff, //                                 coordinator_epoch -1
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, //         current_txn_first_offset -1
    ]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(bitwiseCrc32c(body));
    expect(bytes.toString('hex')).toBe(Buffer.concat([Buffer.from([0x00, 0x01]), crc, body]).toString('hex'));
    expect(bytes.length).toBe(2 + 4 + 4 + 46);
  });

  it('detects every single-byte flip and every truncation', () => {
    const good = encodeProducerSnapshot([
      { producerId: 1, epoch: 0, lastSequence: 4, lastOffset: 4, offsetDelta: 4, timestamp: 1, coordinatorEpoch: -1, currentTxnFirstOffset: -1 },
      { producerId: 2, epoch: 7, lastSequence: -1, lastOffset: -1, offsetDelta: 0, timestamp: 5, coordinatorEpoch: -1, currentTxnFirstOffset: -1 },
    ]);
    expect(decodeProducerSnapshot(good)).toHaveLength(2);
    for (let i = 0; i < good.length; i++) {
      const bad = Buffer.from(good);
      bad[i] ^= 0x10;
      expect(() => decodeProducerSnapshot(bad), `flip at ${i}`).toThrow(CorruptSnapshotError);
    }
    for (let n = 0; n < good.length; n++) {
      expect(() => decodeProducerSnapshot(good.subarray(0, n)), `cut at ${n}`).toThrow(CorruptSnapshotError);
    }
  });
});

describe('snapshots and recovery', () => {
  function twoProducers(h: Harness): void {
    for (let i = 0; i < 4; i++) {
      h.ok({ pid: P, epoch: 2, seq: i * 3, count: 3 });
      h.ok({ pid: 11, epoch: 0, seq: i, count: 1 });
    }
  }

  it('round-trips through a snapshot at the log end without scanning older batches', () => {
    const h = new Harness();
    twoProducers(h);
    const before = h.state.activeProducers();
    h.restart(true);
    expect(h.snapshots()).toEqual([snapshotFileName(16)]);
    expect(h.snapshots()[0]).toBe('00000000000000000016.snapshot');
    expect(h.scans).toEqual([16]);
    expect(h.state.activeProducers()).toEqual(before);
    // Only the last batch per producer is in a snapshot.
    expect(h.state.entry(P)!.batches).toEqual([{ firstSeq: 9, lastSeq: 11, firstOffset: 12, lastOffset: 14, timestamp: h.clock.now }]);
    expect(h.state.takeSnapshot(16)).toBe(false); // nothing changed since it was loaded
  });

  it('recognises a duplicate of the last batch after a clean restart, and continues the sequence', () => {
    const h = new Harness();
    twoProducers(h);
    h.restart(true);
    expect(h.produce({ pid: P, epoch: 2, seq: 9, count: 3 })).toMatchObject({ kind: 'duplicate', firstOffset: 12, lastOffset: 14 });
    expect(h.produce({ pid: 11, epoch: 0, seq: 3, count: 1 })).toMatchObject({ kind: 'duplicate', firstOffset: 15, lastOffset: 15 });
    expectError(() => h.produce({ pid: P, epoch: 2, seq: 13, count: 1 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(h.ok({ pid: P, epoch: 2, seq: 12, count: 1 })).toEqual([16, 16]);
  });

  it('after a crash, rebuilds the batches after the last snapshot from the headers (up to 5 per producer)', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 0, seq: 0, count: 2 });
    h.state.takeSnapshot(h.log.logEndOffset); // at 2, as at a segment roll
    for (let i = 1; i < 7; i++) h.ok({ pid: P, epoch: 0, seq: i * 2, count: 2 });
    h.log.flush();
    h.restart(false);
    expect(h.scans).toEqual([2]);
    expect(h.state.entry(P)!.batches.map((b) => b.firstSeq)).toEqual([4, 6, 8, 10, 12]);
    expect(h.produce({ pid: P, epoch: 0, seq: 6, count: 2 })).toMatchObject({ kind: 'duplicate', firstOffset: 6, lastOffset: 7 });
    h.ok({ pid: P, epoch: 0, seq: 14, count: 1 });
  });

  it('ignores and deletes a corrupt snapshot, falling back to an older one and the headers after it', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 0, seq: 0, count: 3 });
    h.state.takeSnapshot(3);
    h.ok({ pid: P, epoch: 0, seq: 3, count: 3 });
    h.ok({ pid: 11, epoch: 1, seq: 0, count: 1 });
    const before = h.state.activeProducers();
    h.state.takeSnapshot(7);
    const file = path.join(h.dir, snapshotFileName(7));
    const bytes = fs.readFileSync(file);
    bytes[20] ^= 0x01; // inside the first entry
    fs.writeFileSync(file, bytes);
    h.log.close();
    h.log = PartitionLog.open({ dir: h.logDir, config: logConfig(), clock: h.clock.fn, cleanShutdown: true });
    h.scans = [];
    h.state = ProducerStateManager.load(nodeFileLayer, h.dir, h.log.logEndOffset, (from) => {
      h.scans.push(from);
      return scanLog(h.log, from);
    }, { clock: h.clock.fn });
    expect(h.scans).toEqual([3]);
    expect(h.snapshots()).toEqual([snapshotFileName(3)]);
    expect(h.state.activeProducers()).toEqual(before);
    expect(h.produce({ pid: P, epoch: 0, seq: 3, count: 3 })).toMatchObject({ kind: 'duplicate', firstOffset: 3, lastOffset: 5 });
  });

  it('rebuilds from the log start when the only snapshot is flipped, truncated or empty', () => {
    const damage: Record<string, (b: Buffer) => Buffer> = {
      flipped: (b) => {
        const c = Buffer.from(b);
        c[3] ^= 0x80; // the CRC itself
        return c;
      },
      truncated: (b) => b.subarray(0, b.length - 7),
      'header only': (b) => b.subarray(0, 6),
      empty: () => Buffer.alloc(0),
    };
    for (const [name, corrupt] of Object.entries(damage)) {
      const h = new Harness();
      twoProducers(h);
      const before = h.state.activeProducers();
      const lastTwo = h.state.entry(P)!.batches.slice(-2);
      h.state.takeSnapshot(h.log.logEndOffset);
      const file = path.join(h.dir, snapshotFileName(16));
      fs.writeFileSync(file, corrupt(fs.readFileSync(file)));
      h.restart(false);
      expect(h.scans, name).toEqual([0]);
      expect(h.snapshots(), name).toEqual([]);
      expect(h.state.activeProducers(), name).toEqual(before);
      expect(h.state.entry(P)!.batches.slice(-2), name).toEqual(lastTwo);
    }
  });

  it('deletes snapshots above the log end on load (the log lost its tail)', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 0, seq: 0, count: 2 });
    h.state.takeSnapshot(2);
    h.ok({ pid: P, epoch: 0, seq: 2, count: 2 });
    h.state.takeSnapshot(4);
    // The log is back at 2 (as if recovery cut a torn tail) but the snapshot at 4 survived.
    h.log.truncateTo(2);
    h.scans = [];
    const state = ProducerStateManager.load(nodeFileLayer, h.dir, h.log.logEndOffset, (from) => scanLog(h.log, from), { clock: h.clock.fn });
    expect(h.snapshots()).toEqual([snapshotFileName(2)]);
    expect(state.activeProducers()[0].lastSequence).toBe(1);
  });

  it('keeps the 2 newest snapshots and deletes those below the log start on request', () => {
    const h = new Harness();
    for (let i = 0; i < 5; i++) {
      h.ok({ pid: P, epoch: 0, seq: i, count: 1 });
      h.state.takeSnapshot(h.log.logEndOffset);
    }
    expect(h.snapshots()).toEqual([snapshotFileName(4), snapshotFileName(5)]);
    h.state.deleteSnapshotsBefore(5);
    expect(h.snapshots()).toEqual([snapshotFileName(5)]);
  });

  it('truncateTo drops snapshots above the offset and rebuilds the state as it was there', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 0, seq: 0, count: 2 }); // 0-1
    h.ok({ pid: P, epoch: 0, seq: 2, count: 2 }); // 2-3
    h.state.takeSnapshot(4);
    h.ok({ pid: P, epoch: 1, seq: 0, count: 2 }); // 4-5
    h.ok({ pid: 11, epoch: 0, seq: 0, count: 1 }); // 6
    h.state.takeSnapshot(7);
    // Either order works: batches at or above the truncation offset are ignored even if the log still has them.
    h.state.truncateTo(4);
    h.log.truncateTo(4);
    expect(h.snapshots()).toEqual([snapshotFileName(4)]);
    expect(h.state.activeProducers().map((p) => [p.producerId, p.epoch, p.lastSequence])).toEqual([[P, 0, 3]]);
    // The leader's replacement data is applied as replicated.
    const repl = buildBatch([{ value: 'r' }], { producerId: P, producerEpoch: 0, baseSequence: 4, baseOffset: 4, now: h.clock.now });
    h.state.applyReplicated(h.log.appendAsFollower(repl).headers);
    expect(h.state.activeProducers()[0].lastSequence).toBe(4);
    // Truncating to below every snapshot rebuilds from the log start.
    h.log.truncateTo(2);
    h.state.truncateTo(2);
    expect(h.snapshots()).toEqual([]);
    expect(h.state.entry(P)!.batches).toMatchObject([{ firstSeq: 0, lastSeq: 1 }]);
    // Truncating at or past everything applied changes nothing.
    h.state.truncateTo(10);
    expect(h.state.entry(P)!.batches).toHaveLength(1);
  });

  it('a failed snapshot write throws KAFKA_STORAGE_ERROR and leaves the previous snapshot loadable', () => {
    const layer = new FaultyFileLayer();
    const h = new Harness(undefined, layer);
    h.ok({ pid: P, epoch: 0, seq: 0, count: 2 });
    expect(h.state.takeSnapshot(2)).toBe(true);
    h.ok({ pid: P, epoch: 0, seq: 2, count: 2 });
    layer.failNextWrites(1);
    expectError(() => h.state.takeSnapshot(4), 'KAFKA_STORAGE_ERROR');
    expect(h.snapshots()).toEqual([snapshotFileName(2)]);
    h.log.close();
    h.log = PartitionLog.open({ dir: h.logDir, config: logConfig(), clock: h.clock.fn, cleanShutdown: true });
    const state = ProducerStateManager.load(layer, h.dir, h.log.logEndOffset, (from) => scanLog(h.log, from), { clock: h.clock.fn });
    expect(state.entry(P)!.batches.map((b) => b.firstSeq)).toEqual([0, 2]);
    // A retry of the snapshot succeeds.
    expect(state.takeSnapshot(4)).toBe(true);
    expect(h.snapshots()).toEqual([snapshotFileName(2), snapshotFileName(4)]);
  });

  it('drops producers already expired when it loads', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 0, seq: 0, count: 1 });
    h.restart(true);
    expect(h.state.producerCount).toBe(1);
    h.clock.advance(DEFAULT_PRODUCER_ID_EXPIRATION_MS);
    h.restart(true);
    expect(h.state.producerCount).toBe(0);
  });
});
