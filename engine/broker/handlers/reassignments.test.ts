// The reassignment handlers' authorization and shaping, with a stub controller and a real metadata view:
// ALTER on the cluster for Alter and DESCRIBE for List (else CLUSTER_AUTHORIZATION_FAILED and the controller
// is never asked); v0 always allows a replication factor change; List answers only partitions that move.

import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { AclOperation, ResourceType } from '../security/acl.ts';
import { MetadataView, type MetadataImage } from '../metadata-image.ts';
import type { BrokerContext, RequestContext } from './context.ts';
import { handleAlterPartitionReassignments, handleListPartitionReassignments } from './reassignments.ts';

const image: MetadataImage = {
  epoch: 1, clusterId: 'c', controllerId: 1, brokers: [],
  topics: [{
    name: 't', topicId: 'id', isInternal: false, configs: {},
    partitions: [
      { partition: 0, leader: 1, leaderEpoch: 0, partitionEpoch: 1, replicas: [2, 3, 1], isr: [1, 2], addingReplicas: [3], removingReplicas: [1] },
      { partition: 1, leader: 2, leaderEpoch: 0, partitionEpoch: 0, replicas: [2, 1], isr: [2, 1] },
    ],
  }],
};

function setup(allowed: (op: number, type: number) => boolean) {
  const asked: unknown[][] = [];
  const broker = {
    view: () => new MetadataView(image),
    controller: {
      alterPartitionReassignments: async (...args: unknown[]) => {
        asked.push(args);
        return [{ topic: 't', partition: 0, errorCode: 0, errorMessage: null }];
      },
    },
  } as unknown as BrokerContext;
  const req = (apiVersion: number): RequestContext => ({
    header: {} as never, apiVersion, clientId: 'x', clientHost: '127.0.0.1', connectionId: 1, authorize: (op, type) => allowed(op, type),
  });
  return { broker, req, asked };
}

const alterBody = (allowReplicationFactorChange: boolean) => ({ timeoutMs: 1000, allowReplicationFactorChange, topics: [{ name: 't', partitions: [{ partitionIndex: 0, replicas: [2, 3] }] }] });

describe('reassignment handlers', () => {
  it('Alter needs ALTER on the cluster; refused, the controller is not asked', async () => {
    const denied = setup((op, type) => !(type === ResourceType.CLUSTER && op === AclOperation.ALTER));
    const r = await handleAlterPartitionReassignments(alterBody(true), denied.req(1), denied.broker);
    expect(r).toMatchObject({ errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, responses: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED }] }] });
    expect(denied.asked).toEqual([]);
  });

  it('Alter forwards to the controller; v0 always allows a replication factor change', async () => {
    const ok = setup(() => true);
    expect(await handleAlterPartitionReassignments(alterBody(false), ok.req(1), ok.broker)).toMatchObject({ errorCode: 0, allowReplicationFactorChange: false, responses: [{ name: 't', partitions: [{ errorCode: 0 }] }] });
    await handleAlterPartitionReassignments(alterBody(false), ok.req(0), ok.broker);
    expect(ok.asked).toEqual([[[{ topic: 't', partition: 0, replicas: [2, 3] }], false], [[{ topic: 't', partition: 0, replicas: [2, 3] }], true]]);
  });

  it('List needs DESCRIBE on the cluster and answers only the partitions that move', () => {
    const denied = setup((op) => op !== AclOperation.DESCRIBE);
    expect(handleListPartitionReassignments({ timeoutMs: 1000, topics: null }, denied.req(0), denied.broker)).toMatchObject({ errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, topics: [] });
    const ok = setup(() => true);
    const moving = [{ name: 't', partitions: [{ partitionIndex: 0, replicas: [2, 3, 1], addingReplicas: [3], removingReplicas: [1] }] }];
    expect(handleListPartitionReassignments({ timeoutMs: 1000, topics: null }, ok.req(0), ok.broker)).toMatchObject({ errorCode: 0, topics: moving });
    expect(handleListPartitionReassignments({ timeoutMs: 1000, topics: [{ name: 't', partitionIndexes: [1, 9] }] }, ok.req(0), ok.broker)).toMatchObject({ topics: [] });
  });
});
