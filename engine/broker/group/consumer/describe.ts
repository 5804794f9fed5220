// ConsumerGroupDescribe's view of a group, built from the model: epochs, the assignor, and per member the
// current assignment (what it owns) beside the target (what it will own), with topic names resolved.
// What a member is still revoking is its current minus its target.

import type { MessageInput } from '../../../protocol/schema.ts';
import type { ConsumerGroupDescribeResponse } from '../../../protocol/messages/consumer-group-describe.ts';
import { byMemberId, describeAssignment } from './assignment.ts';
import type { ConsumerGroup } from './consumer-group.ts';

export type DescribedConsumerGroup = NonNullable<MessageInput<typeof ConsumerGroupDescribeResponse>['groups']>[number];

/** KIP-1099's MemberType: 1 for a member speaking the consumer protocol (0 would be classic). */
const CONSUMER_MEMBER_TYPE = 1;

export function describeConsumerGroup(group: ConsumerGroup, topicName: (topicId: string) => string | undefined): DescribedConsumerGroup {
  return {
    errorCode: 0,
    errorMessage: null,
    groupId: group.groupId,
    groupState: group.state(),
    groupEpoch: group.groupEpoch,
    assignmentEpoch: group.assignmentEpoch,
    assignorName: group.assignorName,
    members: byMemberId(group.members.values()).map((m) => ({
      memberId: m.memberId,
      instanceId: m.instanceId,
      rackId: m.rackId,
      memberEpoch: m.memberEpoch,
      clientId: m.clientId,
      clientHost: m.clientHost,
      subscribedTopicNames: [...m.subscribedTopicNames],
      subscribedTopicRegex: m.subscribedTopicRegex,
      assignment: describeAssignment(m.assignedPartitions, topicName),
      targetAssignment: describeAssignment(group.targetOf(m.memberId), topicName),
      memberType: CONSUMER_MEMBER_TYPE,
    })),
  };
}
