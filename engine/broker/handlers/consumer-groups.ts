// KIP-848 consumer groups: ConsumerGroupHeartbeat and ConsumerGroupDescribe, handed to this broker's group
// coordinator (group/coordinator.ts, group/consumer-groups.ts). A group is served by the broker that
// coordinates it (coordinatorFor in groups.ts); the others answer NOT_COORDINATOR and the client looks again.

import { ErrorCode } from '../../protocol/error-codes.ts';
import type { Handler, Item, ResponseOf } from './context.ts';
import { coordinatorFor } from './groups.ts';

export const handleConsumerGroupHeartbeat: Handler<'ConsumerGroupHeartbeat'> = (body, req, broker): ResponseOf<'ConsumerGroupHeartbeat'> => {
  if (coordinatorFor(body.groupId, broker)?.nodeId !== broker.brokerId) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR, errorMessage: null, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
  }
  // The request frame is reused: copy what the group keeps beyond this request.
  const result = broker.groups.consumerGroupHeartbeat({
    groupId: body.groupId,
    memberId: body.memberId,
    memberEpoch: body.memberEpoch,
    instanceId: body.instanceId,
    rackId: body.rackId,
    rebalanceTimeoutMs: body.rebalanceTimeoutMs,
    subscribedTopicNames: body.subscribedTopicNames === null ? null : [...body.subscribedTopicNames],
    subscribedTopicRegex: body.subscribedTopicRegex,
    serverAssignor: body.serverAssignor,
    topicPartitions: body.topicPartitions === null ? null : body.topicPartitions.map((tp) => ({ topicId: tp.topicId, partitions: [...tp.partitions] })),
  }, { apiVersion: req.apiVersion, clientId: req.clientId, clientHost: req.clientHost });
  return { throttleTimeMs: 0, ...result };
};

type DescribedGroup = Item<ResponseOf<'ConsumerGroupDescribe'>['groups']>;

export const handleConsumerGroupDescribe: Handler<'ConsumerGroupDescribe'> = (body, _req, broker): ResponseOf<'ConsumerGroupDescribe'> => {
  const mine = body.groupIds.filter((g) => coordinatorFor(g, broker)?.nodeId === broker.brokerId);
  const view = broker.view();
  const described = new Map(broker.groups.describeConsumerGroups(mine, (id) => view.topicById(id)?.name).map((g) => [g.groupId, g]));
  return {
    throttleTimeMs: 0,
    groups: body.groupIds.map((groupId): DescribedGroup => described.get(groupId) ?? {
      errorCode: ErrorCode.NOT_COORDINATOR, errorMessage: null, groupId, groupState: '', groupEpoch: 0, assignmentEpoch: 0, assignorName: '', members: [],
    }),
  };
};
