// DescribeTopicPartitions (KIP-966), as Kafka's DescribeTopicPartitionsRequestHandler answers it: the
// requested topics (or, for an empty list, every topic the caller may describe) in name order, their
// partitions in index order, from the cursor on, at most ResponsePartitionLimit partitions (capped by the
// broker's max.request.partition.size.limit, 2000); NextCursor names the first partition left out, or is
// null when everything was answered. A cursor naming a topic outside the requested list is INVALID_REQUEST
// on every topic.
// No eligible leader replicas here (ELR is off, as by default in Kafka 4): those lists are empty.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { ResourceType } from '../security/acl.ts';
import { authorizedOperations } from './authorized-operations.ts';
import { AclOperation, mayTopic } from './authorization.ts';
import type { Handler, Item, ResponseOf } from './context.ts';

type Topic = Item<ResponseOf<'DescribeTopicPartitions'>['topics']>;
type Partition = Item<Topic['partitions']>;

/** Kafka's max.request.partition.size.limit default. */
export const MAX_REQUEST_PARTITION_SIZE_LIMIT = 2000;
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export const handleDescribeTopicPartitions: Handler<'DescribeTopicPartitions'> = (body, req, broker): ResponseOf<'DescribeTopicPartitions'> => {
  const view = broker.view();
  const alive = new Set(view.aliveBrokers().map((b) => b.id));
  const all = body.topics.length === 0;
  const names = all
    ? view.image.topics.map((t) => t.name).filter((n) => mayTopic(req, AclOperation.DESCRIBE, n))
    : [...new Set(body.topics.map((t) => t.name))];
  names.sort();
  const cursor = body.cursor;
  if (cursor && !all && !names.includes(cursor.topicName)) {
    // Kafka's error response for the request: every requested topic carries the error.
    return { throttleTimeMs: 0, topics: names.map((name) => ({ errorCode: ErrorCode.INVALID_REQUEST, name, topicId: ZERO_UUID, isInternal: false, partitions: [] })), nextCursor: null };
  }
  let budget = Math.max(1, Math.min(body.responsePartitionLimit, MAX_REQUEST_PARTITION_SIZE_LIMIT));
  const topics: Topic[] = [];
  let nextCursor: { topicName: string; partitionIndex: number } | null = null;
  for (const name of names) {
    if (cursor && name < cursor.topicName) continue;
    const t = view.topic(name);
    if (!mayTopic(req, AclOperation.DESCRIBE, name)) {
      topics.push({ errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, name, topicId: ZERO_UUID, isInternal: false, partitions: [] });
      continue;
    }
    if (!t) {
      topics.push({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, topicId: ZERO_UUID, isInternal: false, partitions: [] });
      continue;
    }
    if (budget === 0) {
      nextCursor = { topicName: name, partitionIndex: 0 };
      break;
    }
    const first = cursor && name === cursor.topicName ? cursor.partitionIndex : 0;
    const partitions = [...t.partitions].sort((a, b) => a.partition - b.partition).filter((p) => p.partition >= first);
    const taken = partitions.slice(0, budget);
    budget -= taken.length;
    if (taken.length < partitions.length) nextCursor = { topicName: name, partitionIndex: partitions[taken.length].partition };
    topics.push({
      errorCode: 0,
      name,
      topicId: t.topicId,
      isInternal: t.isInternal,
      partitions: taken.map((p): Partition => ({
        errorCode: p.leader >= 0 ? 0 : ErrorCode.LEADER_NOT_AVAILABLE,
        partitionIndex: p.partition,
        leaderId: p.leader,
        leaderEpoch: p.leaderEpoch,
        replicaNodes: p.replicas,
        isrNodes: p.isr,
        eligibleLeaderReplicas: [],
        lastKnownELR: [],
        offlineReplicas: p.replicas.filter((r) => !alive.has(r)),
      })),
      topicAuthorizedOperations: authorizedOperations(true, req, ResourceType.TOPIC, name),
    });
    if (nextCursor) break;
  }
  return { throttleTimeMs: 0, topics, nextCursor };
};
