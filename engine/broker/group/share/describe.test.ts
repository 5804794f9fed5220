import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../protocol/codec.ts';
import { ShareGroupDescribeResponse } from '../../../protocol/messages/index.ts';
import { Reader } from '../../../protocol/reader.ts';
import { AcknowledgeType } from './record-state.ts';
import { describeShareGroup, describeSharePartition } from './describe.ts';
import { ShareGroup } from './share-group.ts';
import { DEFAULT_SHARE_PARTITION_CONFIG, SharePartition } from './share-partition.ts';

describe('share group views', () => {
  it('ShareGroupDescribe v1 encodes the group with its members sharing the partition', () => {
    const topics = new Map([['jobs', { id: 'q2wWv5nhQ0-1v4u8Gf0zBw', name: 'jobs', partitions: 1 }]]);
    const g = new ShareGroup('q');
    for (const m of ['a', 'b']) g.heartbeat({ groupId: 'q', memberId: m, memberEpoch: 0, subscribedTopicNames: ['jobs'] }, { nowMs: 0, topics, clientId: m });
    const d = describeShareGroup(g, () => 'jobs');
    const decoded = decodeMessage(ShareGroupDescribeResponse, 1, new Reader(encodeMessage(ShareGroupDescribeResponse, 1, { throttleTimeMs: 0, groups: [d] })));
    expect(decoded.groups[0]).toMatchObject({ groupId: 'q', groupState: 'Stable', groupEpoch: 2, assignorName: 'simple' });
    expect(decoded.groups[0].members.map((m) => [m.memberId, m.assignment.topicPartitions[0]?.partitions ?? []])).toEqual([['a', [0]], ['b', [0]]]);
  });

  it('a share partition view lists in-flight records and dead letters', () => {
    const sp = new SharePartition('t', 0, { ...DEFAULT_SHARE_PARTITION_CONFIG, lockDurationMs: 10 }, { startOffset: 0 });
    sp.acquire('a', { nowMs: 0, readableEndOffset: 3, maxRecords: 3 });
    sp.acknowledge('a', [{ firstOffset: 1, lastOffset: 2, acknowledgeTypes: [AcknowledgeType.ACCEPT, AcknowledgeType.REJECT] }], 1);
    expect(describeSharePartition(sp)).toEqual({
      topicId: 't', partition: 0, startOffset: 0, endOffset: 3, stateEpoch: 0,
      inFlight: [
        { offset: 0, state: 'Acquired', deliveryCount: 1, memberId: 'a', lockDeadlineMs: 10 },
        { offset: 1, state: 'Acknowledged', deliveryCount: 1, memberId: null, lockDeadlineMs: null },
        { offset: 2, state: 'Archived', deliveryCount: 1, memberId: null, lockDeadlineMs: null },
      ],
      deadLetters: [{ offset: 2, deliveryCount: 1, reason: 'rejected' }],
    });
  });
});
