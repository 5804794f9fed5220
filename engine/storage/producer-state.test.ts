// Producer state (producer-state.ts) against a real PartitionLog in a temp dir: expiry, snapshots and recovery —
// write, corrupt (flip, truncate), reload, check.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PartitionLog } from './partition-log.ts';
import { logConfig } from './log-config.ts';
import { nodeFileLayer } from './file-io.ts';
import { buildBatch } from './records.ts';
import { FaultyFileLayer } from './faulty-file-layer.ts';
import { DEFAULT_PRODUCER_ID_EXPIRATION_MS, ProducerStateManager } from './producer-state.ts';
import { snapshotFileName } from './producer-snapshot.ts';
import { Harness, P, expectError, scanLog } from './producer-state-harness.ts';

describe('producer expiry', () => {
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
