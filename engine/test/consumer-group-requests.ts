// KIP-848 consumer group requests over our own protocol client, for the client tests: find a group's
// coordinator, describe the group there (ConsumerGroupDescribe), list groups with their types.

import { ApiKey } from '../protocol/api-keys.ts';
import { KafkaConnection } from '../client/connection.ts';
import type { Cluster } from '../index.ts';

export interface DescribedMember {
  memberId: string;
  instanceId: string | null;
  memberEpoch: number;
  clientId: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  assignment: { topicPartitions: { topicName: string; partitions: number[] }[] };
  targetAssignment: { topicPartitions: { topicName: string; partitions: number[] }[] };
}

export interface DescribedConsumerGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: DescribedMember[];
}

async function withBroker<T>(cluster: Cluster, id: number, fn: (c: KafkaConnection) => Promise<T>): Promise<T> {
  const b = cluster.broker(id);
  if (!b) throw new Error(`broker ${id} is not running`);
  const c = await KafkaConnection.connect('127.0.0.1', b.port, { clientId: 'kip848-test', timeoutMs: 15_000 });
  try {
    await c.negotiateVersions();
    return await fn(c);
  } finally {
    await c.close();
  }
}

function anyRunning(cluster: Cluster): number {
  const b = cluster.status().find((s) => s.state === 'running');
  if (!b) throw new Error('no running broker');
  return b.id;
}

export async function findCoordinator(cluster: Cluster, groupId: string): Promise<number> {
  return withBroker(cluster, anyRunning(cluster), async (c) => {
    const res = await c.request(ApiKey.FindCoordinator, 4, { keyType: 0, coordinatorKeys: [groupId] });
    const coord = (res!.coordinators as { nodeId: number; errorCode: number }[])[0];
    if (coord.errorCode !== 0) throw new Error(`FindCoordinator ${groupId}: error ${coord.errorCode}`);
    return coord.nodeId;
  });
}

export async function describeConsumerGroup(cluster: Cluster, groupId: string): Promise<DescribedConsumerGroup> {
  const coordinator = await findCoordinator(cluster, groupId);
  return withBroker(cluster, coordinator, async (c) => {
    const res = await c.request(ApiKey.ConsumerGroupDescribe, 1, { groupIds: [groupId], includeAuthorizedOperations: false });
    return (res!.groups as DescribedConsumerGroup[])[0];
  });
}

export interface ListedGroup { groupId: string; protocolType: string; groupState: string; groupType: string }

/** ListGroups v5 on every running broker (each lists the groups it coordinates). */
export async function listGroups(cluster: Cluster, typesFilter: string[] = []): Promise<ListedGroup[]> {
  const all: ListedGroup[] = [];
  for (const b of cluster.status().filter((s) => s.state === 'running')) {
    all.push(...await withBroker(cluster, b.id, async (c) => {
      const res = await c.request(ApiKey.ListGroups, 5, { statesFilter: [], typesFilter });
      return res!.groups as ListedGroup[];
    }));
  }
  return all.sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
}
