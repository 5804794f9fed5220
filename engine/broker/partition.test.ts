import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/error-codes.ts';
import { PartitionLog } from '../storage/partition-log.ts';
import { logConfig, type LogConfig } from '../storage/log-config.ts';
import { batchOf, expectError, tempDir } from '../storage/test-support.ts';
import { ManualScheduler } from './scheduler.ts';
import { Partition, type AlterPartitionOutcome, type IsrChange } from './partition.ts';
import type { PartitionImage } from './metadata-image.ts';

const LAG_MS = 10_000;
const ME = 1;

/** A leader-side Partition over a real log, its AlterPartition answered by the test. */
function setup(config: Partial<LogConfig> = {}) {
  const scheduler = new ManualScheduler();
  const log = PartitionLog.open({ dir: path.join(tempDir(), 't-0'), config: logConfig(config) });
  const proposals: { change: IsrChange; answer: (o: AlterPartitionOutcome) => void; fail: (e: Error) => void }[] = [];
  const logged: string[] = [];
  const advanced: number[] = [];
  const p = new Partition('t', 0, 'topic-id', log, {
    brokerId: ME,
    scheduler,
    replicaLagTimeMaxMs: LAG_MS,
    alterPartition: (change) => new Promise((resolve, reject) => proposals.push({ change, answer: resolve, fail: reject })),
    highWatermarkAdvanced: (hp) => advanced.push(hp.highWatermark),
    log: (m) => logged.push(m),
  });
  const image = (over: Partial<PartitionImage>): PartitionImage => ({ partition: 0, leader: ME, leaderEpoch: 0, partitionEpoch: 0, replicas: [1, 2, 3], isr: [1, 2, 3], ...over });
  return { scheduler, log, p, proposals, logged, advanced, image, config: logConfig(config) };
}

/** Lets promise callbacks (an AlterPartition answer) run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('Partition as leader: the high watermark', () => {
  it('is the smallest log end offset in the ISR; unknown followers hold it at 0', () => {
    const { p, log, image, config, advanced } = setup();
    expect(p.applyImage(image({}), config)).toEqual({ wasLeader: false, isLeader: true, newFollowers: [2, 3] });
    p.appendAsLeader(batchOf(0, 5), 1);
    expect(log.logEndOffset).toBe(5);
    expect(p.highWatermark).toBe(0);
    p.recordFollowerFetch(2, 5);
    expect(p.highWatermark).toBe(0); // follower 3 has not fetched yet
    p.recordFollowerFetch(3, 3);
    expect(p.highWatermark).toBe(3);
    p.recordFollowerFetch(3, 5);
    expect(p.highWatermark).toBe(5);
    expect(advanced).toEqual([3, 5]);
    expect(p.follower(2)).toMatchObject({ logEndOffset: 5 });
  });

  it('with the leader alone in the ISR, moves with every append', () => {
    const { p, image, config } = setup();
    p.applyImage(image({ isr: [1] }), config);
    p.appendAsLeader(batchOf(0, 2), 1);
    expect(p.highWatermark).toBe(2);
    // A follower outside the ISR does not hold it back.
    p.appendAsLeader(batchOf(2, 2), 1);
    expect(p.highWatermark).toBe(4);
  });

  it('refuses acks=all up front when the ISR is below min.insync.replicas, appending nothing', () => {
    const { p, log, image, config } = setup({ minInsyncReplicas: 2 });
    p.applyImage(image({ isr: [1] }), config);
    expectError(() => p.appendAsLeader(batchOf(0, 1), -1), 'NOT_ENOUGH_REPLICAS');
    expect(log.logEndOffset).toBe(0);
    // acks=1 does not need the ISR.
    expect(p.appendAsLeader(batchOf(0, 1), 1).lastOffset).toBe(0);
  });

  it('stamps appended batches with the leader epoch of the image', () => {
    const { p, log, image, config } = setup();
    p.applyImage(image({ leaderEpoch: 4, isr: [1] }), config);
    p.appendAsLeader(batchOf(0, 1), 1);
    expect(log.epochs.latestEpoch()).toBe(4);
  });
});

describe('Partition leadership checks', () => {
  it('answers FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH and NOT_LEADER_OR_FOLLOWER as Kafka does', () => {
    const { p, image, config } = setup();
    p.applyImage(image({ leaderEpoch: 3 }), config);
    expect(() => p.checkLeader(3)).not.toThrow();
    expect(() => p.checkLeader(-1)).not.toThrow();
    expectError(() => p.checkLeader(2), 'FENCED_LEADER_EPOCH');
    expectError(() => p.checkLeader(4), 'UNKNOWN_LEADER_EPOCH');
    expect(p.applyImage(image({ leader: 2, leaderEpoch: 4 }), config)).toEqual({ wasLeader: true, isLeader: false, newFollowers: [] });
    expectError(() => p.checkLeader(4), 'NOT_LEADER_OR_FOLLOWER');
  });

  it('forgets follower progress when it stops leading, and starts over under a new epoch', () => {
    const { p, image, config } = setup();
    p.applyImage(image({}), config);
    p.appendAsLeader(batchOf(0, 2), 1);
    p.recordFollowerFetch(2, 2);
    p.applyImage(image({ leader: 2, leaderEpoch: 1 }), config);
    expect(p.follower(2)).toBeUndefined();
    p.applyImage(image({ leaderEpoch: 2 }), config);
    expect(p.follower(2)).toMatchObject({ logEndOffset: -1 });
  });

  it('names the followers it starts waiting for: all under a new epoch, only the added ones in a reassignment', () => {
    const { p, image, config } = setup();
    expect(p.applyImage(image({ replicas: [1, 2] , isr: [1, 2] }), config).newFollowers).toEqual([2]);
    expect(p.applyImage(image({ replicas: [1, 2], isr: [1, 2], partitionEpoch: 1 }), config).newFollowers).toEqual([]);
    expect(p.applyImage(image({ replicas: [1, 2, 3], isr: [1, 2], partitionEpoch: 2 }), config).newFollowers).toEqual([3]);
    expect(p.applyImage(image({ replicas: [1, 2, 3], isr: [1, 2], leaderEpoch: 1, partitionEpoch: 3 }), config).newFollowers).toEqual([2, 3]);
  });
});

describe('Partition ISR changes', () => {
  it('proposes a follower that reached the high watermark back into the ISR, counting it at once (maximal ISR)', async () => {
    const { p, image, config, proposals } = setup();
    p.applyImage(image({ isr: [1, 2] }), config);
    p.appendAsLeader(batchOf(0, 4), 1);
    p.recordFollowerFetch(2, 4);
    expect(p.highWatermark).toBe(4);
    p.appendAsLeader(batchOf(4, 2), 1);
    p.recordFollowerFetch(3, 4); // 3 has reached the high watermark: it may rejoin
    expect(proposals.map((x) => x.change)).toEqual([{ topic: 't', partition: 0, leaderEpoch: 0, partitionEpoch: 0, isr: [1, 2, 3] }]);
    expect(p.isrChangePending).toBe(true);
    expect(p.isr).toEqual([1, 2]);
    expect(p.maximalIsr).toEqual([1, 2, 3]);
    // While pending, 3 already holds the high watermark back.
    p.recordFollowerFetch(2, 6);
    expect(p.highWatermark).toBe(4);
    // One proposal at a time.
    p.recordFollowerFetch(3, 5);
    expect(proposals).toHaveLength(1);
    // The controller commits it: the new image arrives before the answer.
    p.applyImage(image({ isr: [1, 2, 3], partitionEpoch: 1 }), config);
    proposals[0].answer({ errorCode: 0, errorMessage: null });
    await settle();
    expect(p.isrChangePending).toBe(false);
    expect(p.isr).toEqual([1, 2, 3]);
  });

  it('does not let a follower rejoin before it reaches the start of the current leader epoch', () => {
    const { p, log, image, config, proposals } = setup();
    p.applyImage(image({ isr: [1] }), config);
    p.appendAsLeader(batchOf(0, 4), 1); // high watermark 4
    p.applyImage(image({ isr: [1], leaderEpoch: 1 }), config); // a new epoch starts at 4
    p.appendAsLeader(batchOf(4, 2), 1);
    expect(log.logEndOffset).toBe(6);
    p.recordFollowerFetch(2, 3);
    expect(proposals).toHaveLength(0);
    p.recordFollowerFetch(2, 6);
    expect(proposals.map((x) => x.change.isr)).toEqual([[1, 2]]);
  });

  it('proposes dropping a follower that lagged longer than replica.lag.time.max.ms; the shrink counts only once committed', async () => {
    const { p, image, config, proposals, scheduler } = setup();
    p.applyImage(image({}), config);
    p.appendAsLeader(batchOf(0, 3), 1);
    p.recordFollowerFetch(2, 3);
    p.recordFollowerFetch(3, 1); // behind
    expect(p.highWatermark).toBe(1);
    scheduler.advance(LAG_MS);
    p.maybeShrinkIsr();
    expect(proposals).toHaveLength(0); // exactly at the limit: still in
    scheduler.advance(1);
    p.recordFollowerFetch(2, 3); // 2 is caught up: its clock restarts
    p.maybeShrinkIsr();
    expect(proposals.map((x) => x.change.isr)).toEqual([[1, 2]]);
    expect(p.highWatermark).toBe(1); // not yet committed
    p.applyImage(image({ isr: [1, 2], partitionEpoch: 1 }), config);
    expect(p.highWatermark).toBe(3);
    proposals[0].answer({ errorCode: 0, errorMessage: null });
    await settle();
    expect(p.isr).toEqual([1, 2]);
  });

  it('keeps a pending proposal through images that do not change the partition', () => {
    const { p, image, config, proposals } = setup();
    p.applyImage(image({ isr: [1, 2] }), config);
    p.recordFollowerFetch(3, 0);
    expect(proposals).toHaveLength(1);
    p.applyImage(image({ isr: [1, 2] }), config); // another topic changed: same partition epoch
    expect(p.isrChangePending).toBe(true);
    expect(p.maximalIsr).toEqual([1, 2, 3]);
  });

  it('logs a refused AlterPartition with the error name and falls back to the committed ISR', async () => {
    const { p, image, config, proposals, logged } = setup();
    p.applyImage(image({ isr: [1, 2] }), config);
    p.appendAsLeader(batchOf(0, 2), 1);
    p.recordFollowerFetch(2, 2);
    p.recordFollowerFetch(3, 2);
    expect(p.maximalIsr).toEqual([1, 2, 3]);
    proposals[0].answer({ errorCode: ErrorCode.INVALID_UPDATE_VERSION, errorMessage: 'partition epoch 0 is stale' });
    await settle();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('INVALID_UPDATE_VERSION');
    expect(logged[0]).toContain('partition epoch 0 is stale');
    expect(logged[0]).toContain('t-0');
    expect(p.isrChangePending).toBe(false);
    expect(p.maximalIsr).toEqual([1, 2]);
    // The next fetch proposes again.
    p.recordFollowerFetch(3, 2);
    expect(proposals).toHaveLength(2);
  });

  it('logs an AlterPartition that could not be sent at all', async () => {
    const { p, image, config, proposals, logged } = setup();
    p.applyImage(image({ isr: [1, 2] }), config);
    p.recordFollowerFetch(3, 0);
    proposals[0].fail(new Error('controller unreachable'));
    await settle();
    expect(logged.join('\n')).toContain('controller unreachable');
    expect(p.isrChangePending).toBe(false);
  });

  it('ignores a late answer once the partition has left the broker', async () => {
    const { p, image, config, proposals, logged, advanced } = setup();
    p.applyImage(image({ isr: [1, 2] }), config);
    p.recordFollowerFetch(3, 0);
    p.close();
    proposals[0].answer({ errorCode: ErrorCode.FENCED_LEADER_EPOCH, errorMessage: null });
    await settle();
    expect(logged[0]).toContain('FENCED_LEADER_EPOCH');
    expect(p.isrChangePending).toBe(true); // untouched
    expect(advanced).toEqual([]);
  });
});
