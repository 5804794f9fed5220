// What the share group APIs and the app show: ShareGroupDescribe's view of a group, and a share
// partition's window (start and end offsets, in-flight records with state and delivery count, and the
// dead letters: records archived after a reject or too many deliveries).

import type { ShareGroupDescribeResponse } from '../../../protocol/messages/share-group-describe.ts';
import type { MessageInput } from '../../../protocol/schema.ts';
import { byMemberId, describeAssignment } from '../consumer/assignment.ts';
import { recordStateName } from './record-state.ts';
import type { DeadLetter, SharePartition } from './share-partition.ts';
import type { ShareGroup } from './share-group.ts';

export type DescribedShareGroup = NonNullable<MessageInput<typeof ShareGroupDescribeResponse>['groups']>[number];

export function describeShareGroup(group: ShareGroup, topicName: (topicId: string) => string | undefined): DescribedShareGroup {
  return {
    errorCode: 0,
    errorMessage: null,
    groupId: group.groupId,
    groupState: group.state(),
    groupEpoch: group.groupEpoch,
    assignmentEpoch: group.assignmentEpoch,
    assignorName: 'simple',
    members: byMemberId(group.members.values()).map((m) => ({
      memberId: m.memberId,
      rackId: m.rackId,
      memberEpoch: m.memberEpoch,
      clientId: m.clientId,
      clientHost: m.clientHost,
      subscribedTopicNames: [...m.subscribedTopicNames],
      assignment: describeAssignment(m.assignment, topicName),
    })),
  };
}

export interface SharePartitionView {
  topicId: string;
  partition: number;
  startOffset: number;
  endOffset: number;
  stateEpoch: number;
  inFlight: { offset: number; state: ReturnType<typeof recordStateName>; deliveryCount: number; memberId: string | null; lockDeadlineMs: number | null }[];
  deadLetters: DeadLetter[];
}

export function describeSharePartition(sp: SharePartition): SharePartitionView {
  return {
    topicId: sp.topicId,
    partition: sp.partition,
    startOffset: sp.startOffset,
    endOffset: sp.endOffset,
    stateEpoch: sp.stateEpoch,
    inFlight: sp.inFlight().map(({ offset, record }) => ({
      offset, state: recordStateName(record.state), deliveryCount: record.deliveryCount, memberId: record.memberId, lockDeadlineMs: record.lockDeadlineMs,
    })),
    deadLetters: sp.deadLetters().map((d) => ({ ...d })),
  };
}
