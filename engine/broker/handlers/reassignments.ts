// AlterPartitionReassignments and ListPartitionReassignments (KIP-455). Alter is forwarded to the
// controller, as Kafka brokers forward it, and needs ALTER on the cluster; List is answered from this
// broker's metadata image (the controller's answer reaches it before Alter returns) and needs DESCRIBE on
// the cluster. Either, refused, answers CLUSTER_AUTHORIZATION_FAILED at the top (and on every partition).

import { ErrorCode } from '../../protocol/error-codes.ts';
import { AclOperation, mayCluster } from './authorization.ts';
import type { Handler, ResponseOf } from './context.ts';

const DENIED = 'Cluster authorization failed.';

export const handleAlterPartitionReassignments: Handler<'AlterPartitionReassignments'> = async (body, req, broker): Promise<ResponseOf<'AlterPartitionReassignments'>> => {
  // v0 has no such field: the replication factor may always change there.
  const allowReplicationFactorChange = req.apiVersion >= 1 ? body.allowReplicationFactorChange : true;
  if (!mayCluster(req, AclOperation.ALTER)) {
    return {
      throttleTimeMs: 0,
      allowReplicationFactorChange,
      errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
      errorMessage: DENIED,
      responses: body.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: DENIED })),
      })),
    };
  }
  const wanted = body.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, replicas: p.replicas === null ? null : [...p.replicas] })));
  const results = await broker.controller.alterPartitionReassignments(wanted, allowReplicationFactorChange);
  const byTopic = new Map<string, { partitionIndex: number; errorCode: number; errorMessage: string | null }[]>();
  for (const r of results) {
    const l = byTopic.get(r.topic) ?? [];
    l.push({ partitionIndex: r.partition, errorCode: r.errorCode, errorMessage: r.errorMessage });
    byTopic.set(r.topic, l);
  }
  return {
    throttleTimeMs: 0,
    allowReplicationFactorChange,
    errorCode: 0,
    errorMessage: null,
    responses: [...byTopic].map(([name, partitions]) => ({ name, partitions })),
  };
};

export const handleListPartitionReassignments: Handler<'ListPartitionReassignments'> = (body, req, broker): ResponseOf<'ListPartitionReassignments'> => {
  if (!mayCluster(req, AclOperation.DESCRIBE)) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: DENIED, topics: [] };
  }
  const view = broker.view();
  // Unknown topics and partitions are left out of the answer, as Kafka's controller leaves them out.
  const wanted = body.topics === null
    ? view.image.topics.map((t) => ({ topic: t, partitions: t.partitions }))
    : body.topics.flatMap((w) => {
      const t = view.topic(w.name);
      return t ? [{ topic: t, partitions: w.partitionIndexes.flatMap((i) => t.partitions[i] ?? []) }] : [];
    });
  const topics = wanted
    .map(({ topic, partitions }) => ({
      name: topic.name,
      partitions: partitions
        .filter((p) => (p.addingReplicas?.length ?? 0) > 0 || (p.removingReplicas?.length ?? 0) > 0)
        .map((p) => ({ partitionIndex: p.partition, replicas: p.replicas, addingReplicas: p.addingReplicas ?? [], removingReplicas: p.removingReplicas ?? [] })),
    }))
    .filter((t) => t.partitions.length > 0);
  return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, topics };
};
