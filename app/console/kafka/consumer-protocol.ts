// KIP-848 consumer groups as ConsumerGroupDescribe shows them: epochs, the assignor, and per member what it
// owns beside what it will own. @platformatic/kafka's Admin has no call for this API, so the console sends it
// with the engine's protocol client (engine/index.ts): FindCoordinator on a bootstrap broker, then
// ConsumerGroupDescribe on the coordinator. Only for plaintext connections; with TLS or SASL the detail is
// left out (the group list and offsets still come through the Admin).

import type { ConsumerProtocolDetail, ConsumerProtocolMember } from '../../contract.ts';
import { ApiKey, KafkaConnection as ProtocolConnection } from '../../../engine/index.ts';
import type { KafkaConnection } from './connection.ts';

const GROUP_KEY_TYPE = 0;
const TIMEOUT_MS = 5000;

interface DescribedPartitions { topicName: string; partitions: number[] }
interface DescribedMember {
  memberId: string; instanceId: string | null; clientId: string; clientHost: string; memberEpoch: number;
  subscribedTopicNames: string[]; subscribedTopicRegex: string | null;
  assignment: { topicPartitions: DescribedPartitions[] }; targetAssignment: { topicPartitions: DescribedPartitions[] };
}
interface DescribedGroup {
  errorCode: number; errorMessage: string | null; groupId: string; groupState: string; groupEpoch: number; assignmentEpoch: number;
  assignorName: string; members: DescribedMember[];
}

function hostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}

async function withConnection<T>(host: string, port: number, fn: (c: ProtocolConnection) => Promise<T>): Promise<T> {
  const c = await ProtocolConnection.connect(host, port, { clientId: 'streamlab-console-groups', timeoutMs: TIMEOUT_MS });
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

type TopicPartitions = { topic: string; partitions: number[] }[];

function toList(tps: DescribedPartitions[]): TopicPartitions {
  return tps.map((tp) => ({ topic: tp.topicName, partitions: [...tp.partitions].sort((a, b) => a - b) }))
    .filter((tp) => tp.partitions.length > 0)
    .sort((a, b) => a.topic.localeCompare(b.topic));
}

/** Partitions of `a` that are not in `b`. */
export function minus(a: TopicPartitions, b: TopicPartitions): TopicPartitions {
  const inB = new Set(b.flatMap((tp) => tp.partitions.map((p) => `${tp.topic}/${p}`)));
  return a.map((tp) => ({ topic: tp.topic, partitions: tp.partitions.filter((p) => !inB.has(`${tp.topic}/${p}`)) })).filter((tp) => tp.partitions.length > 0);
}

export function toConsumerProtocolDetail(g: DescribedGroup): ConsumerProtocolDetail {
  return {
    groupEpoch: g.groupEpoch,
    assignmentEpoch: g.assignmentEpoch,
    assignor: g.assignorName,
    members: g.members.map((m): ConsumerProtocolMember => {
      const assignment = toList(m.assignment.topicPartitions);
      const targetAssignment = toList(m.targetAssignment.topicPartitions);
      return {
        memberId: m.memberId,
        instanceId: m.instanceId,
        clientId: m.clientId,
        host: m.clientHost,
        memberEpoch: m.memberEpoch,
        subscribedTopics: [...m.subscribedTopicNames].sort(),
        subscribedTopicRegex: m.subscribedTopicRegex,
        assignment,
        targetAssignment,
        revoking: minus(assignment, targetAssignment),
        pending: minus(targetAssignment, assignment),
      };
    }),
  };
}

/** The group's KIP-848 view with its state, or undefined when it cannot be had (not a consumer group, TLS/SASL, no answer). */
export async function describeConsumerProtocolGroup(conn: KafkaConnection, groupId: string): Promise<{ state: string; detail: ConsumerProtocolDetail } | undefined> {
  if (conn.secured) return undefined;
  for (const address of conn.bootstrapServers) {
    try {
      const boot = hostPort(address);
      const coordinator = await withConnection(boot.host, boot.port, async (c) => {
        const res = await c.request(ApiKey.FindCoordinator, 4, { keyType: GROUP_KEY_TYPE, coordinatorKeys: [groupId] });
        const found = (res?.coordinators as { host: string; port: number; errorCode: number }[] | undefined)?.[0];
        return found && found.errorCode === 0 ? found : undefined;
      });
      if (!coordinator) continue;
      const group = await withConnection(coordinator.host, coordinator.port, async (c) => {
        const res = await c.request(ApiKey.ConsumerGroupDescribe, 0, { groupIds: [groupId], includeAuthorizedOperations: false });
        return (res?.groups as DescribedGroup[] | undefined)?.[0];
      });
      if (!group || group.errorCode !== 0) return undefined;
      // Upper case, as the Admin reports classic groups' states (STABLE, EMPTY, ...).
      return { state: group.groupState.toUpperCase(), detail: toConsumerProtocolDetail(group) };
    } catch {
      // This bootstrap broker did not answer (or does not know the api): try the next one.
    }
  }
  return undefined;
}
