// A replica whose log fails goes offline on its broker and the controller hears of it (Kafka's offline log
// dir path): it leaves the ISR and leadership moves to another ISR member; once its log opens again it is
// reported online and may rejoin. A real controller over a temp catalog, and broker 1's ReplicaManager over
// the fault-injecting file layer; broker 2 is only a live broker in the controller's eyes.

import { describe, expect, it } from 'vitest';
import { useTempCatalog } from '../catalog/test-support.ts';
import { brokerConfig } from '../broker/broker-config.ts';
import { MetadataView } from '../broker/metadata-image.ts';
import { ReplicaManager } from '../broker/replica-manager.ts';
import { ErrorCode, isKafkaError } from '../protocol/error-codes.ts';
import { LogManager } from '../storage/log-manager.ts';
import { logConfig } from '../storage/log-config.ts';
import { FaultyFileLayer } from '../storage/faulty-file-layer.ts';
import { DescriptorBudget, FileHandlePool } from '../storage/file-handle-pool.ts';
import { batchOf, MemoryCheckpointStore, tempDir } from '../storage/test-support.ts';
import { Controller } from './controller.ts';

const t = useTempCatalog([]);

async function until<T>(what: string, check: () => T | undefined | false): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('a replica that goes offline', () => {
  it('is reported to the controller: its leadership moves to another ISR member and it leaves the ISR', async () => {
    const controller = new Controller(t.catalog, brokerConfig({}));
    const fl = new FaultyFileLayer();
    const config = logConfig();
    const logs = LogManager.open({ dataDir: tempDir(), checkpoints: new MemoryCheckpointStore(), configFor: () => config, fileLayer: new FileHandlePool(new DescriptorBudget(64), fl) });
    const rm = new ReplicaManager(1, logs, () => config, {
      replicaLagTimeMaxMs: 10_000,
      alterPartition: (change) => controller.alterPartition(1, change),
      replicaStatesChanged: (offline, online) => controller.alterReplicaStates(1, offline, online),
      followerChanged: () => undefined,
    });
    await controller.attach(1, (image) => rm.applyMetadata(new MetadataView(image)));
    await controller.brokersUp([1, 2].map((id) => ({ id, host: '127.0.0.1', port: 9091 + id })));
    const [created] = await controller.createTopics([{ name: 'orders', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1, 2] }], configs: {} }], false);
    expect(created.errorCode).toBe(0);
    const state = () => controller.currentImage.topics.find((x) => x.name === 'orders')!.partitions[0];
    expect(state()).toMatchObject({ leader: 1, isr: [1, 2] });

    const p = rm.partition('orders', 0)!;
    expect(rm.appendAsLeader(p, batchOf(0, 3), 1).firstOffset).toBe(0);
    // The disk fails an fsync: the log can no longer be trusted, and the next append finds it failed.
    fl.failNextSyncs(1);
    expect(() => p.log.flush()).toThrow();
    let code = 0;
    try {
      rm.appendAsLeader(p, batchOf(3, 1), 1);
    } catch (e) {
      code = isKafkaError(e) ? e.code : -1;
    }
    expect(code).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(rm.offlinePartitions()).toEqual([expect.objectContaining({ topic: 'orders', partition: 0 })]);

    const moved = await until('leadership has moved off broker 1', () => state().leader === 2 && state());
    expect(moved.isr).toEqual([2]);
    // The image that moved leadership retried the log on broker 1: it opened again (recovered from its files),
    // so the replica is online as a follower, outside the ISR until the leader adds it back.
    const follower = await until('broker 1 is reported online', () => rm.offlinePartitions().length === 0 && rm.partition('orders', 0));
    expect(follower.isLeader).toBe(false);
    expect(follower.log.logEndOffset).toBe(3);
    // Online in the controller's eyes too: the leader's AlterPartition may bring it back into the ISR (while it
    // was offline the controller left it out of any ISR proposed).
    for (let i = 0; i < 200 && !state().isr.includes(1); i++) {
      const back = await controller.alterPartition(2, { topic: 'orders', partition: 0, leaderEpoch: state().leaderEpoch, partitionEpoch: state().partitionEpoch, isr: [1, 2] });
      expect(back.errorCode).toBe(0);
      if (!state().isr.includes(1)) await new Promise((r) => setTimeout(r, 10));
    }
    expect(state().isr).toEqual([1, 2]);
  });
});
