// Offset commits and fetches against a consumer group (Kafka's ConsumerGroup.validateOffsetCommit /
// validateOffsetFetch). OffsetCommit v9+ carries the member epoch in GenerationIdOrMemberEpoch.
// A commit with a negative epoch comes from an admin client or a consumer outside group management: it is
// accepted only while the group has no members.

import type { ErrorName } from '../../../protocol/error-codes.ts';
import type { ConsumerGroup } from './consumer-group.ts';

export interface OffsetCommitIdentity {
  memberId: string;
  memberEpoch: number;
  isTransactional?: boolean;
  apiVersion: number;
}

/** null when the commit may proceed, else the error every partition of the commit gets. */
export function validateOffsetCommit(group: ConsumerGroup, c: OffsetCommitIdentity): { error: ErrorName; message: string } | null {
  if (c.memberEpoch < 0 && group.members.size === 0) return null;
  const member = group.members.get(c.memberId);
  if (member === undefined) return { error: 'UNKNOWN_MEMBER_ID', message: `Member ${c.memberId} is not a member of group ${group.groupId}.` };
  if (!c.isTransactional && c.apiVersion < 9) {
    return { error: 'UNSUPPORTED_VERSION', message: 'OffsetCommit version 9 or above must be used by members using the consumer group protocol' };
  }
  if (c.memberEpoch !== member.memberEpoch) {
    return { error: 'STALE_MEMBER_EPOCH', message: `The received member epoch ${c.memberEpoch} does not match the expected member epoch ${member.memberEpoch}.` };
  }
  return null;
}

/** OffsetFetch v9+ may name the member; a fetch without one (admin tools) is always allowed. */
export function validateOffsetFetch(group: ConsumerGroup, memberId: string | null, memberEpoch: number): { error: ErrorName; message: string } | null {
  if ((memberId === null || memberId === '') && memberEpoch < 0) return null;
  const member = memberId === null ? undefined : group.members.get(memberId);
  if (member === undefined) return { error: 'UNKNOWN_MEMBER_ID', message: `Member ${memberId} is not a member of group ${group.groupId}.` };
  if (memberEpoch !== member.memberEpoch) {
    return { error: 'STALE_MEMBER_EPOCH', message: `The received member epoch ${memberEpoch} does not match the expected member epoch ${member.memberEpoch}.` };
  }
  return null;
}
