// The states of a record in a share partition and the acknowledgement types, with Kafka's numbers
// (RecordState ids as the share coordinator persists them; AcknowledgeType as ShareFetch/ShareAcknowledge
// send them).
//
//   AVAILABLE --acquire--> ACQUIRED --accept--> ACKNOWLEDGED
//       ^                     |  \--reject--> ARCHIVED
//       +--release / lock timeout (delivery count below the limit)
//                             \--release / lock timeout at group.share.delivery.count.limit--> ARCHIVED
//   ACQUIRED --renew--> ACQUIRED (the acquisition lock starts over; KIP-1222, Kafka 4.2)

export const RecordState = {
  AVAILABLE: 0,
  ACQUIRED: 1,
  ACKNOWLEDGED: 2,
  ARCHIVED: 4,
} as const;
export type RecordState = (typeof RecordState)[keyof typeof RecordState];

export function recordStateName(s: RecordState): 'Available' | 'Acquired' | 'Acknowledged' | 'Archived' {
  switch (s) {
    case RecordState.AVAILABLE: return 'Available';
    case RecordState.ACQUIRED: return 'Acquired';
    case RecordState.ACKNOWLEDGED: return 'Acknowledged';
    case RecordState.ARCHIVED: return 'Archived';
  }
}

export const AcknowledgeType = {
  /** Offsets that hold no record for the client (compacted away, control batches). */
  GAP: 0,
  ACCEPT: 1,
  RELEASE: 2,
  REJECT: 3,
  RENEW: 4,
} as const;
export type AcknowledgeType = (typeof AcknowledgeType)[keyof typeof AcknowledgeType];

export function isAcknowledgeType(n: number): n is AcknowledgeType {
  return n === 0 || n === 1 || n === 2 || n === 3 || n === 4;
}
