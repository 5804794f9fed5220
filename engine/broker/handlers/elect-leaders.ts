// ElectLeaders (KIP-460), forwarded to the controller as Kafka brokers forward it: ALTER on the cluster is
// required (else CLUSTER_AUTHORIZATION_FAILED on every partition, and at the top from v1); v0 has no
// election type and always means PREFERRED.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { ElectionType } from '../controller-client.ts';
import { AclOperation, mayCluster } from './authorization.ts';
import type { Handler, ResponseOf } from './context.ts';

export const handleElectLeaders: Handler<'ElectLeaders'> = async (body, req, broker): Promise<ResponseOf<'ElectLeaders'>> => {
  const wanted = body.topicPartitions === null ? null : body.topicPartitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
  if (!mayCluster(req, AclOperation.ALTER)) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
      replicaElectionResults: (body.topicPartitions ?? []).map((t) => ({
        topic: t.topic, partitionResult: t.partitions.map((partitionId) => ({ partitionId, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null })),
      })),
    };
  }
  const type = req.apiVersion >= 1 ? body.electionType : ElectionType.PREFERRED;
  const results = await broker.controller.electLeaders(type, wanted);
  const byTopic = new Map<string, { partitionId: number; errorCode: number; errorMessage: string | null }[]>();
  for (const r of results) {
    const l = byTopic.get(r.topic) ?? [];
    l.push({ partitionId: r.partition, errorCode: r.errorCode, errorMessage: r.errorMessage });
    byTopic.set(r.topic, l);
  }
  return { throttleTimeMs: 0, errorCode: 0, replicaElectionResults: [...byTopic].map(([topic, partitionResult]) => ({ topic, partitionResult })) };
};
