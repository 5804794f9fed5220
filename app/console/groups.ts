// Consumer groups: ListGroups, DescribeGroups (members and their assignment), OffsetFetch (committed
// offsets) and ListOffsets (end offsets), giving per-partition committed / end / lag. A partition assigned
// to a member but never committed counts its whole retained log as lag (end - log start), as a consumer
// starting from the earliest offset would see it.

import type { GroupDetail, GroupMemberInfo, GroupPartitionLag, GroupSummary } from '../contract.ts';
import type { KafkaConnection } from './connection.ts';
import { ConsoleError } from './errors.ts';
import { listOffsets } from './overview.ts';

export async function describeGroup(conn: KafkaConnection, groupId: string): Promise<GroupDetail> {
  const described = await conn.admin.describeGroups({ groups: [groupId] });
  const g = described.get(groupId);
  if (!g) throw new ConsoleError('NOT_FOUND', `Consumer group '${groupId}' does not exist.`);
  const members: GroupMemberInfo[] = [...g.members.values()].map((m) => ({
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
  const [end, start] = await Promise.all([listOffsets(conn, partitions, -1n), listOffsets(conn, partitions, -2n)]);
  const offsets: GroupPartitionLag[] = partitions
    .map(({ topic, partition }) => {
      const k = `${topic}/${partition}`;
      const endOffset = end.get(k) ?? -1;
      const c = committed.get(k);
      const base = c ?? start.get(k) ?? 0;
      return { topic, partition, committed: c ?? null, endOffset, lag: endOffset >= 0 ? Math.max(0, endOffset - base) : 0, memberId: owner.get(k) ?? null };
    })
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return {
    groupId,
    state: String(g.state),
    protocol: g.protocol,
    members,
    offsets,
    totalLag: offsets.reduce((s, o) => s + o.lag, 0),
  };
}

export async function listGroupSummaries(conn: KafkaConnection): Promise<GroupSummary[]> {
  const groups = await conn.admin.listGroups();
  const ids = [...groups.keys()].sort();
  return Promise.all(ids.map(async (id): Promise<GroupSummary> => {
    const base = groups.get(id)!;
    try {
      const d = await describeGroup(conn, id);
      return {
        groupId: id, state: d.state, protocolType: base.protocolType, members: d.members.length,
        topics: [...new Set(d.offsets.map((o) => o.topic))].sort(), totalLag: d.totalLag,
      };
    } catch {
      return { groupId: id, state: String(base.state), protocolType: base.protocolType, members: 0, topics: [], totalLag: null };
    }
  }));
}
