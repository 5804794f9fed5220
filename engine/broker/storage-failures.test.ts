// Storage failures stay local to a partition: an I/O error on one partition's files (EIO, ENOSPC, a log
// directory that cannot be opened) answers KAFKA_STORAGE_ERROR for that partition only; the others keep
// serving and nothing acknowledged is lost.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isKafkaError } from '../protocol/error-codes.ts';
import { LogManager } from '../storage/log-manager.ts';
import { logConfig } from '../storage/log-config.ts';
import { FaultyFileLayer } from '../storage/faulty-file-layer.ts';
import { DescriptorBudget, FileHandlePool } from '../storage/file-handle-pool.ts';
import { batchOf, MemoryCheckpointStore, tempDir } from '../storage/test-support.ts';
import { ManualScheduler } from './scheduler.ts';
import { MetadataView, type MetadataImage } from './metadata-image.ts';
import { ReplicaManager } from './replica-manager.ts';

const ME = 1;

function setup(fl: FaultyFileLayer) {
  const dataDir = tempDir();
  const config = logConfig();
  const logs = LogManager.open({ dataDir, checkpoints: new MemoryCheckpointStore(), configFor: () => config, fileLayer: new FileHandlePool(new DescriptorBudget(64), fl) });
  const messages: string[] = [];
  const rm = new ReplicaManager(ME, logs, () => config, {
    replicaLagTimeMaxMs: 10_000,
    scheduler: new ManualScheduler(),
    alterPartition: () => Promise.resolve({ errorCode: ErrorCode.INVALID_UPDATE_VERSION, errorMessage: null }),
    followerChanged: () => undefined,
    log: (m) => messages.push(m),
  });
  let epoch = 0;
  let view = new MetadataView({ epoch: -1, clusterId: 'c', controllerId: 0, brokers: [], topics: [] });
  const publish = (partitions: number) => {
    const image: MetadataImage = {
      epoch: epoch++, clusterId: 'c', controllerId: 0,
      brokers: [{ id: ME, host: '127.0.0.1', port: 9092, rack: null, alive: true }],
      topics: [{ name: 't', topicId: 't-id', isInternal: false, configs: {}, partitions: Array.from({ length: partitions }, (_, i) => ({ partition: i, leader: ME, leaderEpoch: 0, partitionEpoch: 0, replicas: [ME], isr: [ME] })) }],
    };
    view = new MetadataView(image);
    rm.applyMetadata(view);
  };
  const produce = (partition: number, from: number) => {
    try {
      const p = rm.leaderPartition('t', partition, view);
      rm.appendAsLeader(p, batchOf(from, 2, { valueBytes: 64 }), 1);
      return 0;
    } catch (e) {
      return isKafkaError(e) ? e.code : -1;
    }
  };
  const read = async (partition: number) => {
    const [r] = await rm.fetch({ replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, partitions: [{ topic: 't', partition, fetchOffset: 0, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1 }] }, () => view);
    return r;
  };
  return { dataDir, rm, publish, produce, read, messages };
}

describe('storage failures stay local', () => {
  it('EIO on one append fails that produce with KAFKA_STORAGE_ERROR; the other partitions and the acknowledged data are untouched', async () => {
    const fl = new FaultyFileLayer();
    const t = setup(fl);
    t.publish(3);
    for (const p of [0, 1, 2]) expect(t.produce(p, 0)).toBe(0);
    fl.failNextWrites(1);
    expect(t.produce(1, 2)).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(t.produce(0, 2)).toBe(0);
    expect(t.produce(2, 2)).toBe(0);
    // Partition 1 still holds exactly what was acknowledged, and takes the retried write.
    expect(t.rm.partition('t', 1)!.log.logEndOffset).toBe(2);
    expect(t.produce(1, 2)).toBe(0);
    for (const p of [0, 1, 2]) expect((await t.read(p)).errorCode).toBe(0);
  });

  it('a full disk fails produce without writing half a batch, and produce works again once space returns', () => {
    const fl = new FaultyFileLayer();
    const t = setup(fl);
    t.publish(2);
    expect(t.produce(0, 0)).toBe(0);
    const size = t.rm.partition('t', 0)!.log.size();
    fl.spaceLeft = 40; // less than one batch
    expect(t.produce(0, 2)).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(t.produce(1, 0)).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(t.rm.partition('t', 0)!.log.size()).toBe(size);
    expect(t.rm.partition('t', 0)!.log.logEndOffset).toBe(2);
    fl.spaceLeft = Infinity;
    expect(t.produce(0, 2)).toBe(0);
    expect(t.produce(1, 0)).toBe(0);
    expect(t.rm.partition('t', 0)!.log.logEndOffset).toBe(4);
  });

  it('a partition whose log directory cannot be opened is offline with KAFKA_STORAGE_ERROR; the others serve', async () => {
    const fl = new FaultyFileLayer();
    const t = setup(fl);
    // A plain file where partition 1's directory should be: the log cannot be created.
    fs.writeFileSync(path.join(t.dataDir, 't-1'), 'not a directory');
    t.publish(3);
    // The log opens on first use: that is when the partition goes offline.
    expect(t.produce(1, 0)).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(t.rm.offlinePartitions()).toEqual([expect.objectContaining({ topic: 't', partition: 1 })]);
    expect(t.messages.some((m) => /t-1 is offline/.test(m))).toBe(true);
    expect((await t.read(1)).errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(t.produce(0, 0)).toBe(0);
    expect(t.produce(2, 0)).toBe(0);
    // Once the obstacle is gone, the next image brings the partition online.
    fs.rmSync(path.join(t.dataDir, 't-1'));
    t.publish(3);
    expect(t.rm.offlinePartitions()).toEqual([]);
    expect(t.produce(1, 0)).toBe(0);
  });
});
