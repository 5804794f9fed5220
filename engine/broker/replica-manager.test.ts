import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isKafkaError } from '../protocol/error-codes.ts';
import { LogManager } from '../storage/log-manager.ts';
import { logConfig } from '../storage/log-config.ts';
import { batchOf, expectError, MemoryCheckpointStore, tempDir } from '../storage/test-support.ts';
import { iterateBatches } from '../storage/record-batch.ts';
import { ManualScheduler } from './scheduler.ts';
import { MetadataView, type MetadataImage, type PartitionImage } from './metadata-image.ts';
import type { Partition, IsrChange } from './partition.ts';
import { ReplicaManager, type FetchPartitionResult } from './replica-manager.ts';

const ME = 1;
const settle = () => new Promise<void>((r) => setImmediate(r));

/** A broker's ReplicaManager over a real data dir; the test plays the controller. */
function setup() {
  const dataDir = tempDir();
  const scheduler = new ManualScheduler();
  const config = logConfig();
  const logs = LogManager.open({ dataDir, checkpoints: new MemoryCheckpointStore(), configFor: () => config });
  const followed: { topic: string; partition: number; leader: number | null }[] = [];
  const proposals: IsrChange[] = [];
  const rm = new ReplicaManager(ME, logs, () => config, {
    replicaLagTimeMaxMs: 10_000,
    scheduler,
    alterPartition: (change) => {
      proposals.push(change);
      return Promise.resolve({ errorCode: ErrorCode.INVALID_UPDATE_VERSION, errorMessage: null });
    },
    followerChanged: (p: Partition | undefined, topic, partition) => followed.push({ topic, partition, leader: p ? p.leader : null }),
  });
  let epoch = 0;
  let view = new MetadataView({ epoch: -1, clusterId: 'c', controllerId: 0, brokers: [], topics: [] });
  const publish = (topics: { name: string; topicId?: string; partitions: Partial<PartitionImage>[] }[]) => {
    const image: MetadataImage = {
      epoch: epoch++, clusterId: 'c', controllerId: 0,
      brokers: [1, 2, 3].map((id) => ({ id, host: '127.0.0.1', port: 9091 + id, rack: null, alive: true })),
      topics: topics.map((t) => ({
        name: t.name, topicId: t.topicId ?? `${t.name}-id`, isInternal: false, configs: {},
        partitions: t.partitions.map((p, i) => ({ partition: i, leader: ME, leaderEpoch: 0, partitionEpoch: 0, replicas: [1, 2], isr: [1, 2], ...p })),
      })),
    };
    view = new MetadataView(image);
    rm.applyMetadata(view);
  };
  const fetch = (replicaId: number, fetchOffset: number, opts: { maxWaitMs?: number; minBytes?: number; topic?: string } = {}) => {
    const state: { result?: FetchPartitionResult[] } = {};
    void rm
      .fetch({ replicaId, maxWaitMs: opts.maxWaitMs ?? 500, minBytes: opts.minBytes ?? 1, maxBytes: 1 << 20, partitions: [{ topic: opts.topic ?? 't', partition: 0, fetchOffset, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1 }] }, () => view)
      .then((r) => (state.result = r));
    return state;
  };
  return { dataDir, scheduler, rm, logs, followed, proposals, publish, fetch, view: () => view };
}

function recordCount(records: Buffer | null): number {
  let n = 0;
  if (records) for (const h of iterateBatches(records)) n += h.recordCount;
  return n;
}

describe('ReplicaManager hosting', () => {
  it('hosts exactly the partitions this broker is a replica of, each in a <topic>-<partition> dir', () => {
    const { rm, publish, dataDir, followed } = setup();
    publish([
      { name: 't', partitions: [{}, { leader: 2, replicas: [2, 1] }, { leader: 2, replicas: [2, 3], isr: [2, 3] }] },
    ]);
    expect(rm.all().map((p) => `${p.topic}-${p.partition}`).sort()).toEqual(['t-0', 't-1']);
    // Logs open on first use: the image alone creates no directory.
    expect(fs.readdirSync(dataDir).filter((d) => d.startsWith('t-'))).toEqual([]);
    for (const p of rm.all()) expect(p.log.logEndOffset).toBe(0);
    expect(fs.readdirSync(dataDir).filter((d) => d.startsWith('t-')).sort()).toEqual(['t-0', 't-1']);
    // The follower partition goes to the fetchers, the led one to none.
    expect(followed).toEqual([
      { topic: 't', partition: 0, leader: null },
      { topic: 't', partition: 1, leader: 2 },
    ]);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a partition nobody has, NOT_LEADER_OR_FOLLOWER for one led elsewhere', () => {
    const { rm, publish, view } = setup();
    publish([{ name: 't', partitions: [{}, { leader: 2, replicas: [2, 1] }, { leader: 2, replicas: [2, 3], isr: [2, 3] }] }]);
    expect(rm.leaderPartition('t', 0, view()).partition).toBe(0);
    expectError(() => rm.leaderPartition('t', 1, view()), 'NOT_LEADER_OR_FOLLOWER');
    expectError(() => rm.leaderPartition('t', 2, view()), 'NOT_LEADER_OR_FOLLOWER');
    expectError(() => rm.leaderPartition('t', 3, view()), 'UNKNOWN_TOPIC_OR_PARTITION');
    expectError(() => rm.leaderPartition('nope', 0, view()), 'UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('deletes the log of a topic that left the image, and starts a recreated topic (new id) empty', () => {
    const { rm, publish, dataDir } = setup();
    publish([{ name: 't', partitions: [{ isr: [1] }] }]);
    rm.appendAsLeader(rm.partition('t', 0)!, batchOf(0, 3), 1);
    publish([{ name: 't', topicId: 'second-id', partitions: [{ isr: [1] }] }]);
    expect(rm.partition('t', 0)!.topicId).toBe('second-id');
    expect(rm.partition('t', 0)!.log.logEndOffset).toBe(0);
    publish([]);
    expect(rm.all()).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 't-0'))).toBe(false);
  });
});

describe('ReplicaManager produce and fetch', () => {
  it('acks=all waits until the follower has fetched past the batches', async () => {
    const { rm, publish, fetch } = setup();
    publish([{ name: 't', partitions: [{}] }]);
    const p = rm.partition('t', 0)!;
    const a = rm.appendAsLeader(p, batchOf(0, 3), -1);
    let acked = false;
    void rm.waitForHighWatermark(p, a.lastOffset + 1, 30_000).then(() => (acked = true));
    // The follower fetches from 0: it gets the batch, but has not yet got it.
    const first = fetch(2, 0);
    await settle();
    expect(recordCount(first.result![0].records)).toBe(3);
    expect(acked).toBe(false);
    // Its next fetch, at 3, says it has.
    fetch(2, 3);
    await settle();
    expect(acked).toBe(true);
    expect(p.highWatermark).toBe(3);
  });

  it('acks=all fails with NOT_LEADER_OR_FOLLOWER when leadership moves, and the partition goes to a fetcher', async () => {
    const { rm, publish, followed } = setup();
    publish([{ name: 't', partitions: [{}] }]);
    const p = rm.partition('t', 0)!;
    const a = rm.appendAsLeader(p, batchOf(0, 1), -1);
    let error: unknown;
    void rm.waitForHighWatermark(p, a.lastOffset + 1, 30_000).catch((e: unknown) => (error = e));
    publish([{ name: 't', partitions: [{ leader: 2, leaderEpoch: 1 }] }]);
    await settle();
    expect(isKafkaError(error, 'NOT_LEADER_OR_FOLLOWER')).toBe(true);
    expect(followed.at(-1)).toEqual({ topic: 't', partition: 0, leader: 2 });
  });

  it('acks=all times out on the scheduler with REQUEST_TIMED_OUT', async () => {
    const { rm, publish, scheduler } = setup();
    publish([{ name: 't', partitions: [{}] }]);
    const p = rm.partition('t', 0)!;
    rm.appendAsLeader(p, batchOf(0, 1), -1);
    let error: unknown;
    void rm.waitForHighWatermark(p, 1, 2000).catch((e: unknown) => (error = e));
    scheduler.advance(2000);
    await settle();
    expect(isKafkaError(error, 'REQUEST_TIMED_OUT')).toBe(true);
  });

  it('a consumer reads only below the high watermark; a waiting consumer fetch answers when it moves', async () => {
    const { rm, publish, fetch } = setup();
    publish([{ name: 't', partitions: [{}] }]);
    const p = rm.partition('t', 0)!;
    rm.appendAsLeader(p, batchOf(0, 2), 1);
    const consumer = fetch(-1, 0);
    await settle();
    expect(consumer.result).toBeUndefined(); // nothing below the high watermark (0) yet
    fetch(2, 2); // the follower has both records: the high watermark moves to 2
    await settle();
    expect(consumer.result![0]).toMatchObject({ errorCode: 0, highWatermark: 2, logStartOffset: 0 });
    expect(recordCount(consumer.result![0].records)).toBe(2);
  });

  it('a waiting fetch answers with what it has at max.wait.ms, and an error at once', async () => {
    const { publish, fetch, scheduler } = setup();
    publish([{ name: 't', partitions: [{ isr: [1] }] }]);
    const waiting = fetch(-1, 0, { maxWaitMs: 500 });
    const missing = fetch(-1, 0, { topic: 'gone' });
    await settle();
    expect(missing.result![0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(waiting.result).toBeUndefined();
    scheduler.advance(500);
    await settle();
    expect(waiting.result![0]).toMatchObject({ errorCode: 0, highWatermark: 0, records: Buffer.alloc(0) });
  });

  it('proposes the lagging follower out of the ISR on the shrink check, and proposes nothing while no one lags', () => {
    const { rm, publish, scheduler, proposals, fetch } = setup();
    publish([{ name: 't', partitions: [{}] }]);
    rm.shrinkIsrs();
    expect(proposals).toEqual([]);
    rm.appendAsLeader(rm.partition('t', 0)!, batchOf(0, 1), 1);
    fetch(2, 0); // behind the log end
    scheduler.advance(10_001);
    rm.shrinkIsrs();
    expect(proposals).toEqual([{ topic: 't', partition: 0, leaderEpoch: 0, partitionEpoch: 0, isr: [1] }]);
  });

  it('at shutdown fails waiting produces and answers waiting fetches', async () => {
    const { rm, publish, fetch } = setup();
    publish([{ name: 't', partitions: [{}] }]);
    const p = rm.partition('t', 0)!;
    rm.appendAsLeader(p, batchOf(0, 1), -1);
    let error: unknown;
    void rm.waitForHighWatermark(p, 1, 30_000).catch((e: unknown) => (error = e));
    const consumer = fetch(-1, 0);
    rm.wakeAll();
    await settle();
    expect(isKafkaError(error, 'NOT_LEADER_OR_FOLLOWER')).toBe(true);
    expect(consumer.result![0].errorCode).toBe(0);
  });
});
