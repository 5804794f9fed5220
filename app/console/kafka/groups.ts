// Consumer groups: ListGroups, DescribeGroups (members and their assignment), OffsetFetch (committed
// offsets) and ListOffsets (end offsets), giving per-partition committed / end / lag. A partition assigned
// to a member but never committed counts its whole retained log as lag (end - log start), as a consumer
// starting from the earliest offset would see it.

import type { GroupDetail, GroupMemberInfo, GroupPartitionLag, GroupSummary, GroupType, ResetOffsetsRequest, ResetOffsetsResult } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import { describeConsumerProtocolGroup } from './consumer-protocol.ts';
import { ConsoleError, KafkaRefusal, toContractError } from '../service/errors.ts';
import { planOffsetReset } from './offset-reset.ts';
import { listOffsets, readMetadata } from './overview.ts';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../../../engine/index.ts';

const GROUP_TYPES: readonly GroupType[] = ['classic', 'consumer', 'share'];
const asGroupType = (t: string | undefined): GroupType | undefined => GROUP_TYPES.find((x) => x === t?.toLowerCase());

export async function describeGroup(conn: KafkaConnection, groupId: string, groupType?: GroupType): Promise<GroupDetail> {
  // DescribeGroups shows a KIP-848 group as Dead (Kafka 4 does): ask ConsumerGroupDescribe first when the
  // group is, or may be, a consumer-protocol group.
  const kip848 = groupType === undefined || groupType === 'consumer' ? await describeConsumerProtocolGroup(conn, groupId) : undefined;
  const described = kip848 ? undefined : await conn.admin.describeGroups({ groups: [groupId] });
  const g = described?.get(groupId);
  if (!kip848 && !g) throw new ConsoleError('NOT_FOUND', `Consumer group '${groupId}' does not exist.`);
  const members: GroupMemberInfo[] = kip848
    ? kip848.detail.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.host, assignment: m.assignment }))
    : [...g!.members.values()].map((m) => ({
      memberId: m.id,
      clientId: m.clientId,
      host: m.clientHost,
      assignment: [...(m.assignments?.values() ?? [])].map((a) => ({ topic: a.topic, partitions: [...a.partitions].sort((x, y) => x - y) })),
    }));
  const owner = new Map<string, string>();
  for (const m of members) for (const a of m.assignment) for (const p of a.partitions) owner.set(`${a.topic}/${p}`, m.memberId);

  const [committedGroup] = await conn.admin.listConsumerGroupOffsets({ groups: [groupId] });
  const committed = new Map<string, number>();
  for (const t of committedGroup?.topics ?? []) {
    for (const p of t.partitions) if (p.committedOffset >= 0n) committed.set(`${t.name}/${p.partitionIndex}`, Number(p.committedOffset));
  }
  const keys = new Set([...committed.keys(), ...owner.keys()]);
  const partitions = [...keys].map((k) => {
    const i = k.lastIndexOf('/');
    return { topic: k.slice(0, i), partition: Number(k.slice(i + 1)) };
  });
  const [end, start] = await Promise.all([listOffsets(conn, partitions, BigInt(LATEST_TIMESTAMP)), listOffsets(conn, partitions, BigInt(EARLIEST_TIMESTAMP))]);
  const offsets: GroupPartitionLag[] = partitions
    .map(({ topic, partition }) => {
      const k = `${topic}/${partition}`;
      const endOffset = end.get(k) ?? -1;
      const c = committed.get(k);
      const base = c ?? start.get(k) ?? 0;
      return { topic, partition, committed: c ?? null, endOffset, lag: endOffset >= 0 ? Math.max(0, endOffset - base) : 0, memberId: owner.get(k) ?? null };
    })
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  // Partitions of the group's topics it neither committed nor owns are not in the total: say how many.
  const topics = [...new Set(partitions.map((p) => p.topic))];
  let uncountedPartitions = 0;
  if (topics.length > 0) {
    const md = await conn.admin.metadata({ topics }).catch(() => undefined);
    for (const t of topics) uncountedPartitions += Math.max(0, (md?.topics.get(t)?.partitions.length ?? 0) - partitions.filter((p) => p.topic === t).length);
  }
  if (kip848) {
    return { groupId, state: kip848.state, protocol: kip848.detail.assignor, groupType: 'consumer', consumer: kip848.detail, members, offsets, totalLag: offsets.reduce((s, o) => s + o.lag, 0), uncountedPartitions };
  }
  return {
    groupId,
    state: String(g!.state),
    protocol: g!.protocol,
    ...(groupType ? { groupType } : {}),
    members,
    offsets,
    totalLag: offsets.reduce((s, o) => s + o.lag, 0),
    uncountedPartitions,
  };
}

export async function listGroupSummaries(conn: KafkaConnection): Promise<GroupSummary[]> {
  // Every type (ListGroups v5); a cluster before Kafka 3.7 ignores the filter and reports no type.
  const groups = await conn.admin.listGroups({ types: [...GROUP_TYPES] });
  const ids = [...groups.keys()].sort();
  return Promise.all(ids.map(async (id): Promise<GroupSummary> => {
    const base = groups.get(id)!;
    const groupType = asGroupType(base.groupType);
    const typed = groupType ? { groupType } : {};
    if (groupType === 'share') {
      return { groupId: id, state: String(base.state), protocolType: base.protocolType, ...typed, members: 0, topics: [], totalLag: null };
    }
    try {
      const d = await describeGroup(conn, id, groupType);
      return {
        groupId: id, state: d.state, protocolType: base.protocolType, ...typed, members: d.members.length,
        topics: [...new Set(d.offsets.map((o) => o.topic))].sort(), totalLag: d.totalLag,
        uncountedPartitions: d.uncountedPartitions,
      };
    } catch {
      return { groupId: id, state: String(base.state), protocolType: base.protocolType, ...typed, members: 0, topics: [], totalLag: null };
    }
  }));
}

/**
 * Reset a group's offsets (or only plan it: dryRun). Kafka accepts the commit only while the group is empty;
 * otherwise its refusal (UNKNOWN_MEMBER_ID) comes back with a sentence saying what to do.
 */
export async function resetGroupOffsets(conn: KafkaConnection, req: ResetOffsetsRequest): Promise<ResetOffsetsResult> {
  if (typeof req?.groupId !== 'string' || req.groupId === '') throw new ConsoleError('INVALID_REQUEST', 'Which group? The id is empty.');
  const detail = await describeGroup(conn, req.groupId);
  // Every topic reset is reset whole, as Kafka's tool does for a topic: the named ones, or (none named) each
  // topic the group has offsets for. Partitions the group never committed are added with nothing committed.
  const wanted = new Set(req.topics && req.topics.length > 0 ? req.topics : detail.offsets.map((o) => o.topic));
  const parts = detail.offsets.filter((o) => wanted.has(o.topic));
  if (wanted.size > 0) {
    const known = new Set(parts.map((p) => `${p.topic}/${p.partition}`));
    const md = await readMetadata(conn, [...wanted]);
    for (const t of wanted) {
      const tm = md.topics.get(t);
      if (!tm) throw new ConsoleError('NOT_FOUND', `Topic '${t}' does not exist.`);
      tm.partitions.forEach((_, i) => {
        if (!known.has(`${t}/${i}`)) parts.push({ topic: t, partition: i, committed: null, endOffset: -1, lag: 0, memberId: null });
      });
    }
  }
  if (parts.length === 0) throw new ConsoleError('INVALID_REQUEST', `Group '${req.groupId}' has no offsets to reset. Choose a topic.`);
  const list = parts.map((p) => ({ topic: p.topic, partition: p.partition }));
  const [start, end, byTime] = await Promise.all([
    listOffsets(conn, list, BigInt(EARLIEST_TIMESTAMP)),
    listOffsets(conn, list, BigInt(LATEST_TIMESTAMP)),
    req.mode === 'timestamp' && typeof req.value === 'number' ? listOffsets(conn, list, BigInt(Math.trunc(req.value))) : Promise.resolve(undefined),
  ]);
  const k = (t: string, p: number) => `${t}/${p}`;
  const rows = planOffsetReset(parts.map((p) => ({
    topic: p.topic, partition: p.partition, current: p.committed,
    logStartOffset: start.get(k(p.topic, p.partition)) ?? 0, endOffset: end.get(k(p.topic, p.partition)) ?? 0,
    offsetForTimestamp: byTime?.get(k(p.topic, p.partition)),
  })), req.mode, req.value);
  if (req.dryRun) return { rows, applied: false };
  const topics = new Map<string, { partition: number; offset: bigint }[]>();
  for (const r of rows) topics.set(r.topic, [...(topics.get(r.topic) ?? []), { partition: r.partition, offset: BigInt(r.target) }]);
  try {
    await conn.admin.alterConsumerGroupOffsets({ groupId: req.groupId, topics: [...topics].map(([name, partitionOffsets]) => ({ name, partitionOffsets })) });
  } catch (e) {
    const err = toContractError(e);
    if (err.name === 'UNKNOWN_MEMBER_ID' || err.name === 'REBALANCE_IN_PROGRESS' || err.name === 'ILLEGAL_GENERATION') {
      throw new KafkaRefusal(err.name, `Kafka resets offsets only while the group is empty (it is ${detail.state.toLowerCase()}, with ${detail.members.length} member${detail.members.length === 1 ? '' : 's'}): stop its consumers, then reset. (${err.message})`, err.kafkaCode);
    }
    throw e;
  }
  return { rows, applied: true };
}

/** Delete a group (Kafka refuses with NON_EMPTY_GROUP while it has members). */
export async function deleteGroup(conn: KafkaConnection, groupId: string): Promise<void> {
  if (typeof groupId !== 'string' || groupId === '') throw new ConsoleError('INVALID_REQUEST', 'Which group? The id is empty.');
  await conn.admin.deleteGroups({ groups: [groupId] });
}
