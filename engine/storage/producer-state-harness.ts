// The producer-state tests' harness: a real PartitionLog in a temp dir plus a ProducerStateManager of the
// harness's own, and helpers to build producer batches and expect Kafka errors. Shared by producer-state.test.ts,
// producer-append.test.ts and transaction-state.test.ts.

import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { PartitionLog } from './partition-log.ts';
import { logConfig } from './log-config.ts';
import { nodeFileLayer, type FileLayer } from './file-io.ts';
import { ManualClock, tempDir } from './test-support.ts';
import { buildBatch } from './records.ts';
import { iterateBatches, lastOffset, setBaseOffset, type BatchHeader } from './record-batch.ts';
import { isKafkaError } from '../protocol/error-codes.ts';
import { ProducerStateManager, type PrepareResult, type ProducerStateOptions } from './producer-state.ts';

/** Every batch header of the log whose last offset is >= from (what PartitionLog will provide). */
export function* scanLog(log: PartitionLog, from: number): Generator<BatchHeader> {
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

export interface BatchSpec {
  pid: number;
  epoch: number;
  seq: number;
  count: number;
}

export function batch(b: BatchSpec, now: number): Buffer {
  const records = Array.from({ length: b.count }, (_, i) => ({ key: `k${i}`, value: `p${b.pid}e${b.epoch}s${b.seq}+${i}`, timestamp: now }));
  return buildBatch(records, { producerId: b.pid, producerEpoch: b.epoch, baseSequence: b.seq, now });
}

/**
 * A partition log plus a producer state of the harness's own, wired the way PartitionLog wires its own. The
 * log takes batches as a follower (offsets assigned here), so only the harness's state judges sequences, and
 * it lives in a directory of its own so its snapshots are the only ones the tests see.
 */
export class Harness {
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

export function expectError(fn: () => unknown, name: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, `expected ${name}`).toBeDefined();
  expect(isKafkaError(thrown, name as never), String(thrown)).toBe(true);
}

/** The producer id most tests use. */
export const P = 4000;
