import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../protocol/codec.ts';
import { ConsumerGroupDescribeResponse } from '../../../protocol/messages/index.ts';
import { Reader } from '../../../protocol/reader.ts';
import { ConsumerGroup } from './consumer-group.ts';
import { describeConsumerGroup } from './describe.ts';
import { consumerGroupHeartbeat } from './heartbeat.ts';

describe('ConsumerGroupDescribe view', () => {
  it('shows epochs, current and target assignment (revocation visible) and encodes in v0 and v1', () => {
    const topics = new Map([['orders', { id: 'Vd3BbqSLRZ-nWjHMXsMShQ', name: 'orders', partitions: 2 }]]);
    const g = new ConsumerGroup('g');
    const ctx = { nowMs: 0, topics, clientId: 'svc', clientHost: '/10.0.0.1' };
    const join = { groupId: 'g', memberEpoch: 0, rebalanceTimeoutMs: 1000, subscribedTopicNames: ['orders'], topicPartitions: [] };
    const r1 = consumerGroupHeartbeat(g, { ...join, memberId: 'm1' }, ctx);
    consumerGroupHeartbeat(g, { ...join, memberId: 'm2' }, ctx);
    consumerGroupHeartbeat(g, { groupId: 'g', memberId: 'm1', memberEpoch: 1, topicPartitions: r1.assignment!.topicPartitions }, ctx);

    const d = describeConsumerGroup(g, (id) => [...topics.values()].find((t) => t.id === id)?.name);
    for (const version of [0, 1]) {
      const bytes = encodeMessage(ConsumerGroupDescribeResponse, version, { throttleTimeMs: 0, groups: [d] });
      const decoded = decodeMessage(ConsumerGroupDescribeResponse, version, new Reader(bytes));
      const [group] = decoded.groups;
      expect(group).toMatchObject({ groupId: 'g', groupState: 'Reconciling', groupEpoch: 2, assignmentEpoch: 2, assignorName: 'uniform' });
      const m1 = group.members.find((m) => m.memberId === 'm1')!;
      expect(m1).toMatchObject({ memberEpoch: 1, clientId: 'svc', clientHost: '/10.0.0.1', memberType: version >= 1 ? 1 : -1 });
      expect(m1.assignment.topicPartitions[0].partitions.length).toBe(1); // kept one ...
      expect(m1.targetAssignment.topicPartitions[0]).toMatchObject({ topicName: 'orders', partitions: m1.assignment.topicPartitions[0].partitions });
      expect(g.members.get('m1')!.partitionsPendingRevocation.size).toBe(1); // ... and is revoking the other
    }
  });
});
