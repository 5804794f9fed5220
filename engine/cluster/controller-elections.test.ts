// ElectLeaders at the controller: UNCLEAN gives a leaderless partition to a live replica outside the ISR;
// PREFERRED moves leadership back to the first replica once it is in the ISR, and refuses while it is not.

import { describe, expect, it } from 'vitest';
import { useTempCatalog } from '../catalog/test-support.ts';
import { brokerConfig } from '../broker/broker-config.ts';
import { ElectionType } from '../broker/controller-client.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { Controller } from './controller.ts';

const t = useTempCatalog([]);

describe('Controller: ElectLeaders', () => {
  it('UNCLEAN elects a live out-of-ISR replica; PREFERRED waits for the preferred replica to be in the ISR', async () => {
    const controller = new Controller(t.catalog, brokerConfig({ defaultReplicationFactor: 3, numPartitions: 1 }));
    await controller.attach(1, () => undefined);
    await controller.brokersUp([1, 2, 3].map((id) => ({ id, host: '127.0.0.1', port: 9091 + id })));
    await controller.createTopics([{ name: 't', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1, 2, 3] }], configs: {} }], false);
    const partition = () => controller.currentImage.topics.find((x) => x.name === 't')!.partitions[0];
    // The followers fall out of the ISR, then the leader dies: the partition is offline.
    const p0 = partition();
    expect((await controller.alterPartition(1, { topic: 't', partition: 0, leaderEpoch: p0.leaderEpoch, partitionEpoch: p0.partitionEpoch, isr: [1] })).errorCode).toBe(0);
    await controller.setBroker(1, '127.0.0.1', 9092, false);
    expect(partition()).toMatchObject({ leader: -1, isr: [1] });

    expect(await controller.electLeaders(ElectionType.PREFERRED, [{ topic: 't', partition: 0 }])).toEqual([expect.objectContaining({ errorCode: ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE })]);
    expect(await controller.electLeaders(ElectionType.UNCLEAN, [{ topic: 't', partition: 0 }])).toEqual([{ topic: 't', partition: 0, errorCode: 0, errorMessage: null }]);
    expect(partition()).toMatchObject({ leader: 2, isr: [2] });
    expect(await controller.electLeaders(ElectionType.UNCLEAN, [{ topic: 't', partition: 0 }])).toEqual([expect.objectContaining({ errorCode: ErrorCode.ELECTION_NOT_NEEDED })]);
    expect(await controller.electLeaders(ElectionType.UNCLEAN, [{ topic: 't', partition: 5 }])).toEqual([expect.objectContaining({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION })]);
  });
});
