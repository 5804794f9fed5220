// AlterPartitionReassignments at the controller: the merged replica set is published with its adding and
// removing replicas, completion follows the ISR, cancel restores, and the state survives a restart.

import { describe, expect, it } from 'vitest';
import { useTempCatalog } from '../catalog/test-support.ts';
import { Catalog } from '../catalog/catalog.ts';
import { brokerConfig } from '../broker/broker-config.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { Controller } from './controller.ts';

const t = useTempCatalog([]);

async function controllerWithTopic(catalog: Catalog): Promise<Controller> {
  const controller = new Controller(catalog, brokerConfig({ defaultReplicationFactor: 2, numPartitions: 1 }));
  await controller.brokersUp([1, 2, 3].map((id) => ({ id, host: '127.0.0.1', port: 9091 + id })));
  await controller.createTopics([{ name: 't', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1, 2] }], configs: {} }], false);
  return controller;
}

describe('Controller: partition reassignment', () => {
  it('moves [1,2] to [2,3] once 3 is in the ISR, and the leader leaves broker 1', async () => {
    const controller = await controllerWithTopic(t.catalog);
    const partition = () => controller.currentImage.topics.find((x) => x.name === 't')!.partitions[0];
    const start = partition();
    expect(start).toMatchObject({ leader: 1, replicas: [1, 2] });
    expect(await controller.alterPartitionReassignments([{ topic: 't', partition: 0, replicas: [2, 3] }], true)).toEqual([{ topic: 't', partition: 0, errorCode: 0, errorMessage: null }]);
    expect(partition()).toMatchObject({ replicas: [2, 3, 1], isr: [1, 2], addingReplicas: [3], removingReplicas: [1] });

    // The state is in the catalog: a new controller on the same file sees the move in progress.
    const again = new Controller(Catalog.open(t.file), brokerConfig({}));
    expect(again.currentImage.topics[0].partitions[0]).toMatchObject({ replicas: [2, 3, 1], addingReplicas: [3], removingReplicas: [1] });
    again.catalog.close();

    // The first target replica is in the ISR already: as preferred replica it leads during the move.
    const p = partition();
    expect(p.leader).toBe(2);
    expect((await controller.alterPartition(p.leader, { topic: 't', partition: 0, leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, isr: [1, 2, 3] })).errorCode).toBe(0);
    expect(partition()).toMatchObject({ replicas: [2, 3], isr: [2, 3], leader: 2 });
    expect(partition().addingReplicas).toBeUndefined();
    expect(partition().leaderEpoch).toBeGreaterThan(start.leaderEpoch);
  });

  it('cancel restores the original set; errors name the partition', async () => {
    const controller = await controllerWithTopic(t.catalog);
    await controller.alterPartitionReassignments([{ topic: 't', partition: 0, replicas: [3, 1] }], true);
    expect(controller.currentImage.topics[0].partitions[0]).toMatchObject({ replicas: [3, 1, 2], addingReplicas: [3], removingReplicas: [2] });
    const results = await controller.alterPartitionReassignments([
      { topic: 't', partition: 0, replicas: null },
      { topic: 't', partition: 7, replicas: [1, 2] },
      { topic: 'nope', partition: 0, replicas: [1, 2] },
    ], true);
    expect(results.map((r) => r.errorCode)).toEqual([0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(controller.currentImage.topics[0].partitions[0]).toMatchObject({ replicas: [1, 2], isr: [1, 2], leader: 1 });
    expect(controller.currentImage.topics[0].partitions[0].addingReplicas).toBeUndefined();
    const again = await controller.alterPartitionReassignments([{ topic: 't', partition: 0, replicas: null }, { topic: 't', partition: 0, replicas: [1, 5] }], true);
    expect(again.map((r) => r.errorCode)).toEqual([ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, ErrorCode.INVALID_REPLICA_ASSIGNMENT]);
    expect(again[1].errorMessage).toMatch(/broker 5, but no such broker is registered/);
  });

  it('deleting the topic removes its reassignment record', async () => {
    const controller = await controllerWithTopic(t.catalog);
    await controller.alterPartitionReassignments([{ topic: 't', partition: 0, replicas: [2, 3] }], true);
    await controller.deleteTopics([{ name: 't' }]);
    expect(t.catalog.db.prepare('SELECT count(*) FROM partition_reassignments').pluck().get()).toBe(0);
  });
});
