// Partition logs open on first use: a broker restarting over many partitions reads none of their files until a
// request needs one, answers what the checkpoints know without opening, and still recovers a log torn by an
// unclean shutdown before it serves anything from it — even across a later clean restart that never opened it.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/error-codes.ts';
import { CLEAN_SHUTDOWN_FILE, LogManager } from '../storage/log-manager.ts';
import { logConfig } from '../storage/log-config.ts';
import { nodeFileLayer, type FileLayer } from '../storage/file-io.ts';
import { segmentPaths } from '../storage/segment.ts';
import { iterateBatches } from '../storage/record-batch.ts';
import { batchOf, MemoryCheckpointStore, tempDir } from '../storage/test-support.ts';
import { ManualScheduler } from './scheduler.ts';
import { MetadataView, type MetadataImage } from './metadata-image.ts';
import { ReplicaManager, type FetchPartitionResult } from './replica-manager.ts';

const ME = 1;
const PARTITIONS = 20;
const BATCHES = 4;
const PER_BATCH = 5;
const config = logConfig();

/** The node file layer, counting the files opened through it. */
function countingLayer(): FileLayer & { opened: string[] } {
  const opened: string[] = [];
  return {
    ...nodeFileLayer,
    opened,
    open(file, mode) {
      opened.push(file);
      return nodeFileLayer.open(file, mode);
    },
    writeFileAtomic(file, data) {
      nodeFileLayer.writeFileAtomic.call(this, file, data);
    },
  };
}

/** Writes BATCHES batches to each of `partitions` partitions of topic t, with checkpoints; closes cleanly or not. */
function writeLogs(dataDir: string, store: MemoryCheckpointStore, opts: { clean: boolean }): void {
  const lm = LogManager.open({ dataDir, checkpoints: store, configFor: () => config });
  for (let p = 0; p < PARTITIONS; p++) {
    const log = lm.getOrCreate({ topic: 't', partition: p });
    for (let i = 0; i < BATCHES; i++) log.appendAsLeader(batchOf(i * PER_BATCH, PER_BATCH, { valueBytes: 50 }), 0);
    log.setHighWatermark(log.logEndOffset);
  }
  lm.writeCheckpoints();
  if (opts.clean) lm.close();
  else lm.closeWithoutFlush();
}

function broker(dataDir: string, store: MemoryCheckpointStore, fileLayer: FileLayer = nodeFileLayer) {
  const logs = LogManager.open({ dataDir, checkpoints: store, configFor: () => config, fileLayer });
  const rm = new ReplicaManager(ME, logs, () => config, {
    replicaLagTimeMaxMs: 10_000,
    scheduler: new ManualScheduler(),
    alterPartition: () => Promise.resolve({ errorCode: 0, errorMessage: null }),
    followerChanged: () => undefined,
  });
  const image: MetadataImage = {
    epoch: 1, clusterId: 'c', controllerId: 0,
    brokers: [{ id: ME, host: '127.0.0.1', port: 9092, rack: null, alive: true }],
    topics: [{
      name: 't', topicId: 't-id', isInternal: false, configs: {},
      partitions: Array.from({ length: PARTITIONS }, (_, i) => ({ partition: i, leader: ME, leaderEpoch: 1, partitionEpoch: 1, replicas: [ME], isr: [ME] })),
    }],
  };
  const view = new MetadataView(image);
  rm.applyMetadata(view);
  const fetch = async (partition: number): Promise<FetchPartitionResult> =>
    (await rm.fetch({ replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, partitions: [{ topic: 't', partition, fetchOffset: 0, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1 }] }, () => view))[0];
  return { logs, rm, fetch };
}

function recordCount(records: Buffer | null): number {
  let n = 0;
  if (records) for (const h of iterateBatches(records)) n += h.recordCount;
  return n;
}

describe('partition logs open on first use', () => {
  it('a restart over many partitions opens no log file until one is used, and only that one', async () => {
    const dataDir = tempDir();
    const store = new MemoryCheckpointStore();
    writeLogs(dataDir, store, { clean: true });

    const files = countingLayer();
    const { logs, rm, fetch } = broker(dataDir, store, files);
    expect(files.opened).toEqual([]);
    expect(rm.all()).toHaveLength(PARTITIONS);
    // What the catalog knows is answered without opening: the offsets of a cleanly closed log are exact.
    const p7 = rm.partition('t', 7)!;
    expect(p7.logOpen).toBe(false);
    expect(p7.unopenedOffsets()).toEqual({ logStartOffset: 0, logEndOffset: BATCHES * PER_BATCH, highWatermark: BATCHES * PER_BATCH });
    expect(p7.highWatermark).toBe(BATCHES * PER_BATCH);
    expect(files.opened).toEqual([]);

    const r = await fetch(3);
    expect(r.errorCode).toBe(0);
    expect(recordCount(r.records)).toBe(BATCHES * PER_BATCH);
    expect(rm.all().filter((p) => p.logOpen).map((p) => p.partition)).toEqual([3]);
    expect(files.opened.every((f) => f.includes(`${path.sep}t-3${path.sep}`))).toBe(true);
    expect(logs.isOpen({ topic: 't', partition: 7 })).toBe(false);
  });

  it('a log torn by an unclean shutdown is recovered before its first fetch answers, even after a clean restart that never opened it', async () => {
    const dataDir = tempDir();
    const store = new MemoryCheckpointStore();
    writeLogs(dataDir, store, { clean: false });
    const segment = segmentPaths(path.join(dataDir, 't-1'), 0).log;
    const intact = fs.statSync(segment).size;
    // A torn tail: the first 30 bytes of a batch that never finished landing.
    fs.appendFileSync(segment, batchOf(100, PER_BATCH).subarray(0, 30));

    // First start after the crash: partition 1 is never used, then the broker shuts down cleanly.
    const first = broker(dataDir, store);
    expect((await first.fetch(0)).errorCode).toBe(0);
    expect(first.logs.isOpen({ topic: 't', partition: 1 })).toBe(false);
    first.logs.close();
    // The marker names what still awaits recovery, so the next start does not trust it.
    expect(fs.readFileSync(path.join(dataDir, CLEAN_SHUTDOWN_FILE), 'utf8').split('\n')).toContain('t-1');
    expect(fs.statSync(segment).size).toBe(intact + 30);

    const second = broker(dataDir, store);
    const r = await second.fetch(1);
    expect(r.errorCode).toBe(0);
    expect(recordCount(r.records)).toBe(BATCHES * PER_BATCH);
    expect(fs.statSync(segment).size).toBe(intact);
    // Appends continue right after the last whole batch.
    const p1 = second.rm.partition('t', 1)!;
    expect(second.rm.appendAsLeader(p1, batchOf(0, 1), 1).firstOffset).toBe(BATCHES * PER_BATCH);
    second.logs.close();
  });

  it('a log that fails to open on first use takes only its partition offline', async () => {
    const dataDir = tempDir();
    const store = new MemoryCheckpointStore();
    writeLogs(dataDir, store, { clean: true });
    const { rm, fetch } = broker(dataDir, store);
    // Its directory replaced by a file after start-up listed it.
    fs.rmSync(path.join(dataDir, 't-2'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 't-2'), 'not a directory');
    expect((await fetch(2)).errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(rm.offlinePartitions().map((p) => p.partition)).toEqual([2]);
    expect((await fetch(2)).errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect((await fetch(4)).errorCode).toBe(0);
  });
});
