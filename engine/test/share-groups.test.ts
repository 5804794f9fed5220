// KIP-932 share groups with a real share consumer: librdkafka 2.15's share consumer (rdk-driver `share`,
// explicit acknowledgement) against a real cluster. Three members read ONE partition together; releases
// come back with delivery count 2, rejects are archived, and records a killed member held come back as soon as
// its connection closes, with its delivery taken back (Kafka releases a closed connection's share session). A failure run kills members and brokers while a group consumes. Outcomes
// are checked from the driver outputs and from the stored share state (DescribeShareGroupOffsets over the
// protocol, and the share partition state in the catalog).

import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog.ts';
import { KafkaConnection } from '../client/connection.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import type { SharePartitionSnapshot } from '../broker/group/share/index.ts';
import { createTopic, testCluster, until, type TestCluster } from './cluster-fixture.ts';
import { rdk, startDriver, type DriverEvent, type DriverRun } from './librdkafka.ts';

let tc: TestCluster | undefined;
afterEach(async () => {
  await tc?.close();
  tc = undefined;
});

type Rec = Extract<DriverEvent, { event: 'record' }>;

async function produce(bootstrap: string, topic: string, values: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'share-it', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const p = kafka.producer();
  await p.connect();
  for (let i = 0; i < values.length; i += 50) await p.send({ topic, acks: -1, messages: values.slice(i, i + 50).map((value) => ({ value })) });
  await p.disconnect();
}

/** One request to the group's coordinator (found with FindCoordinator), over our own protocol client. */
async function coordinatorRequest(t: TestCluster, groupId: string, apiKey: number, version: number, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const any = t.cluster.status().find((b) => b.state === 'running')!;
  let c = await KafkaConnection.connect('127.0.0.1', any.port, { clientId: 'share-it', timeoutMs: 10_000 });
  try {
    await c.negotiateVersions();
    const found = await c.request(ApiKey.FindCoordinator, 4, { keyType: 0, coordinatorKeys: [groupId] }) as { coordinators: { port: number }[] };
    const port = found.coordinators[0].port;
    if (port !== any.port) {
      await c.close();
      c = await KafkaConnection.connect('127.0.0.1', port, { clientId: 'share-it', timeoutMs: 10_000 });
      await c.negotiateVersions();
    }
    return await c.request(apiKey, version, body);
  } finally {
    await c.close();
  }
}

/** The broker id FindCoordinator names for the group. */
async function coordinatorId(t: TestCluster, groupId: string): Promise<number> {
  const any = t.cluster.status().find((b) => b.state === 'running')!;
  const c = await KafkaConnection.connect('127.0.0.1', any.port, { clientId: 'share-it', timeoutMs: 10_000 });
  try {
    await c.negotiateVersions();
    const found = await c.request(ApiKey.FindCoordinator, 4, { keyType: 0, coordinatorKeys: [groupId] }) as { coordinators: { nodeId: number }[] };
    return found.coordinators[0].nodeId;
  } finally {
    await c.close();
  }
}

/** DescribeShareGroupOffsets v1 for every partition of the group. */
async function shareOffsets(t: TestCluster, groupId: string): Promise<{ errorCode: number; partitions: { topicName: string; partitionIndex: number; startOffset: number; lag: number }[] }> {
  const res = await coordinatorRequest(t, groupId, ApiKey.DescribeShareGroupOffsets, 1, { groups: [{ groupId, topics: null }] }) as {
    groups: { errorCode: number; topics: { topicName: string; partitions: { partitionIndex: number; startOffset: number | bigint; lag: number | bigint }[] }[] }[];
  };
  const g = res.groups[0];
  return {
    errorCode: g.errorCode,
    partitions: g.topics.flatMap((tp) => tp.partitions.map((p) => ({ topicName: tp.topicName, partitionIndex: p.partitionIndex, startOffset: Number(p.startOffset), lag: Number(p.lag) }))),
  };
}

/** ShareGroupDescribe: the members and what each is assigned. */
async function shareMembers(t: TestCluster, groupId: string): Promise<{ memberId: string; partitions: number[] }[]> {
  const res = await coordinatorRequest(t, groupId, ApiKey.ShareGroupDescribe, 1, { groupIds: [groupId], includeAuthorizedOperations: false }) as {
    groups: { errorCode: number; members: { memberId: string; assignment: { topicPartitions: { partitions: number[] }[] } }[] }[];
  };
  return (res.groups[0]?.members ?? []).map((m) => ({ memberId: m.memberId, partitions: m.assignment.topicPartitions.flatMap((tp) => tp.partitions) }));
}

/** The stored share partition state, read from the catalog file the way a new leader loads it. */
function storedState(t: TestCluster, groupId: string, topic: string): { snapshot: SharePartitionSnapshot; deadLetters: { offset: number; deliveryCount: number; reason: string }[] } {
  const catalog = Catalog.open(path.join(t.dataDir, 'catalog.db'));
  try {
    const row = catalog.shareState.get(groupId, topic, 0);
    if (row === undefined) throw new Error(`no share state for ${groupId} on ${topic}-0`);
    return { snapshot: row.snapshot as SharePartitionSnapshot, deadLetters: row.deadLetters as never };
  } finally {
    catalog.close();
  }
}

function byValue(records: Rec[]): Map<string, Rec[]> {
  const m = new Map<string, Rec[]>();
  for (const r of records) m.set(r.value!, [...(m.get(r.value!) ?? []), r]);
  return m;
}

const shareArgs = (t: TestCluster, topic: string, group: string, extra: string[] = []): string[] =>
  ['share', '-b', t.bootstrap, '-t', topic, '-G', group, '--idle-ms', '6000', '-X', 'max.poll.records=5', ...extra];

describe('share groups with librdkafka 2.15', () => {
  it('three members consume one partition together: releases come back with delivery count 2, rejects are archived', async () => {
    tc = await testCluster({ brokers: 1, brokerConfig: { shareAutoOffsetReset: 'earliest', groupShareHeartbeatIntervalMs: 500 } });
    await createTopic(tc.cluster, 'queue', 1, 1);
    const values = Array.from({ length: 60 }, (_, i) => (i % 10 === 3 ? `reject-${i}` : i % 10 === 6 ? `release-${i}` : `keep-${i}`));
    const members = [0, 1, 2].map(() => startDriver(shareArgs(tc!, 'queue', 'q1', ['--reject', 'reject', '--release', 'release'])));
    // All three share partition 0 (the simple assignor gives one partition to every member).
    await until('three members sharing partition 0', async () => {
      const m = await shareMembers(tc!, 'q1');
      return m.length === 3 && m.every((x) => x.partitions.join() === '0');
    });
    await produce(tc.bootstrap, 'queue', values);
    const runs = await Promise.all(members.map((m) => m.done));
    for (const r of runs) expect(r.of('error'), r.stderr.slice(-2000)).toEqual([]);
    // The point of queues: all three members received records of the one partition.
    expect(runs.map((r) => r.of('record').length).every((n) => n > 0)).toBe(true);

    const seen = byValue(runs.flatMap((r) => r.of('record')));
    for (const v of values) {
      const got = seen.get(v) ?? [];
      if (v.startsWith('keep')) expect(got.map((r) => [r.deliveryCount, r.ack]), v).toEqual([[1, 'accept']]);
      if (v.startsWith('reject')) expect(got.map((r) => [r.deliveryCount, r.ack]), v).toEqual([[1, 'reject']]);
      if (v.startsWith('release')) expect(got.map((r) => [r.deliveryCount, r.ack]), v).toEqual([[1, 'release'], [2, 'accept']]);
    }
    expect(runs.reduce((n, r) => n + Number((r.of('done')[0] as unknown as { accepted: number }).accepted), 0)).toBe(54);

    // Everything is finished: the share-partition start offset is past the last record, nothing is in flight,
    // and the rejected records are the dead letters.
    const offsets = await shareOffsets(tc, 'q1');
    expect(offsets).toEqual({ errorCode: 0, partitions: [{ topicName: 'queue', partitionIndex: 0, startOffset: 60, lag: 0 }] });
    const stored = storedState(tc, 'q1', 'queue');
    expect(stored.snapshot.startOffset).toBe(60);
    expect(stored.snapshot.stateBatches).toEqual([]);
    expect(stored.deadLetters.map((d) => [d.offset, d.reason]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(
      values.flatMap((v, i) => (v.startsWith('reject') ? [[i, 'rejected']] : [])));
    // What the app shows: the window is closed, and the rejected records are listed as dead letters.
    const [view] = tc.cluster.shareGroupState('q1');
    expect(view).toMatchObject({ topic: 'queue', partition: 0, startOffset: 60, endOffset: 60, inFlight: [] });
    expect([...view.deadLetters].sort((a, b) => a.offset - b.offset)).toEqual(
      values.flatMap((v, i) => (v.startsWith('reject') ? [{ offset: i, deliveryCount: 1, reason: 'rejected' }] : [])));
  });

  it('records a killed member had acquired come back to another member when its connection closes, its delivery taken back', async () => {
    tc = await testCluster({ brokers: 1, brokerConfig: { shareAutoOffsetReset: 'earliest', groupShareRecordLockDurationMs: 2000, groupShareHeartbeatIntervalMs: 500 } });
    await createTopic(tc.cluster, 'jobs', 1, 1);
    const values = Array.from({ length: 30 }, (_, i) => `job-${i}`);
    await produce(tc.bootstrap, 'jobs', values);
    // It dies after its third record, with the rest of its batch acquired and no acknowledgement sent.
    const first = await rdk(shareArgs(tc, 'jobs', 'q2', ['-X', 'max.poll.records=10', '--die-after', '3']));
    expect(first.code).toBe(3);
    const held = new Set(first.of('record').map((r) => r.value!));

    const survivor = await rdk(shareArgs(tc, 'jobs', 'q2'));
    expect(survivor.of('error'), survivor.stderr.slice(-2000)).toEqual([]);
    const got = byValue(survivor.of('record'));
    // Nothing accepted twice by the survivor. The killed member acknowledged nothing, so the survivor got every
    // job, and those the killed member held (its whole first acquisition, max.poll.records=10, the records it
    // had printed among them) came back with that delivery taken back: a first delivery again, as from Kafka.
    for (const [v, rs] of got) expect(rs.length, v).toBe(1);
    expect([...got.keys()].sort()).toEqual([...values].sort());
    for (const v of held) expect(values.slice(0, 10)).toContain(v);
    expect(survivor.of('record').map((r) => r.deliveryCount ?? 1)).toEqual(values.map(() => 1));
    expect(await shareOffsets(tc, 'q2')).toMatchObject({ errorCode: 0, partitions: [{ startOffset: 30, lag: 0 }] });
  });

  it('members and brokers killed while the group consumes: every record ends acknowledged or archived at the delivery limit, none lost', async () => {
    tc = await testCluster({
      brokers: 3,
      brokerConfig: { shareAutoOffsetReset: 'earliest', groupShareRecordLockDurationMs: 2000, groupShareDeliveryCountLimit: 3, groupShareHeartbeatIntervalMs: 500, groupShareSessionTimeoutMs: 6000 },
    });
    const t = tc;
    await createTopic(t.cluster, 'work', 1, 3);
    const N = 1000;
    const values = Array.from({ length: N }, (_, i) => `w-${i}`);
    await produce(t.bootstrap, 'work', values);
    const args = shareArgs(t, 'work', 'q3').map((a) => (a === '6000' ? '15000' : a));
    const members = [0, 1, 2].map(() => startDriver(args));
    const runs: Promise<DriverRun>[] = members.map((m) => m.done);
    const accepted = () => members.reduce((n, m) => n + m.events.filter((e) => e.event === 'record' && e.ack === 'accept').length, 0);

    await until('a third of the records to be accepted', () => accepted() >= N / 3, 60_000);
    members[0].child.kill('SIGKILL');
    const leader = () => t.cluster.partitions().find((p) => p.topic === 'work' && p.partition === 0)!.leader;
    const oldLeader = leader();
    await t.cluster.killBroker(oldLeader);
    await until('a new leader', () => leader() >= 0 && leader() !== oldLeader, 30_000);
    members.push(startDriver(args));
    runs.push(members[3].done);
    await t.cluster.startBroker(oldLeader);
    await until('two thirds of the records to be accepted', () => accepted() >= (2 * N) / 3, 60_000);
    // And the group's coordinator, while the members keep going: the next one loads the group from the catalog.
    const coordinator = await coordinatorId(t, 'q3');
    await t.cluster.killBroker(coordinator);
    await until('the group to have a coordinator that knows its members', async () => (await shareMembers(t, 'q3').catch(() => [])).length > 0, 30_000);
    await t.cluster.startBroker(coordinator);

    await until('every record to be finished', async () => {
      try {
        return storedState(t, 'q3', 'work').snapshot.startOffset === N;
      } catch {
        return false;
      }
    }, 120_000);
    for (const m of members) m.child.kill('SIGTERM');
    const done = await Promise.all(runs);
    for (const r of done) expect(r.of('error').filter((e) => e.fatal), r.stderr.slice(-2000)).toEqual([]);

    const stored = storedState(t, 'q3', 'work');
    expect(stored.snapshot.stateBatches).toEqual([]);
    const records = done.flatMap((r) => r.of('record'));
    const archived = new Set(stored.deadLetters.map((d) => d.offset));
    for (const d of stored.deadLetters) {
      expect(d.reason).toBe('delivery-limit');
      expect(d.deliveryCount).toBeGreaterThanOrEqual(3);
    }
    // None lost: every record was delivered to a member and accepted, or archived after the delivery limit.
    const acceptedValues = new Set(records.filter((r) => r.ack === 'accept').map((r) => r.value!));
    for (let i = 0; i < N; i++) expect(acceptedValues.has(values[i]) || archived.has(i), values[i]).toBe(true);
    // Every delivery of a record carried a new delivery count: the counts survived the leader's kill (a new
    // leader that lost them would deliver a record again as its first delivery), and no record went to two
    // members in one acquisition. The killed member's records came back with its delivery taken back (its
    // connection closed), so its deliveries are left out.
    for (const [v, rs] of byValue(done.slice(1).flatMap((r) => r.of('record')))) {
      const counts = rs.map((r) => r.deliveryCount ?? 1);
      expect(new Set(counts).size, `${v}: ${counts.join(',')}`).toBe(counts.length);
    }
    // No delivery count above the limit ever reached a member.
    for (const r of records) expect(r.deliveryCount ?? 1).toBeLessThanOrEqual(3);
    const offsets = await shareOffsets(t, 'q3');
    expect(offsets).toMatchObject({ errorCode: 0, partitions: [{ topicName: 'work', startOffset: N, lag: 0 }] });
  });

  it('admin: ListGroups shows the share group by type; AlterShareGroupOffsets rewinds it, the leader reloads; DeleteShareGroupOffsets forgets it', async () => {
    tc = await testCluster({ brokers: 1, brokerConfig: { shareAutoOffsetReset: 'earliest', groupShareHeartbeatIntervalMs: 500 } });
    await createTopic(tc.cluster, 'replay', 1, 1);
    const values = Array.from({ length: 10 }, (_, i) => `r-${i}`);
    await produce(tc.bootstrap, 'replay', values);
    const first = await rdk(shareArgs(tc, 'replay', 'q4', ['--max', '10']));
    expect(first.of('record').map((r) => r.value)).toEqual(values);
    await until('the group to be empty', async () => (await shareMembers(tc!, 'q4')).length === 0);

    const list = async (typesFilter: string[]) => ((await coordinatorRequest(tc!, 'q4', ApiKey.ListGroups, 5, { statesFilter: [], typesFilter })) as { groups: { groupId: string; groupType: string; groupState: string }[] }).groups;
    expect(await list(['share'])).toEqual([expect.objectContaining({ groupId: 'q4', groupType: 'share', groupState: 'Empty' })]);
    expect((await list(['classic'])).map((g) => g.groupId)).not.toContain('q4');

    const altered = await coordinatorRequest(tc, 'q4', ApiKey.AlterShareGroupOffsets, 0, { groupId: 'q4', topics: [{ topicName: 'replay', partitions: [{ partitionIndex: 0, startOffset: 6 }] }, { topicName: 'nope', partitions: [{ partitionIndex: 0, startOffset: 0 }] }] }) as {
      errorCode: number; responses: { topicName: string; partitions: { errorCode: number }[] }[];
    };
    expect(altered.errorCode).toBe(0);
    expect(altered.responses.map((r) => [r.topicName, r.partitions[0].errorCode])).toEqual([['replay', 0], ['nope', 3]]);
    expect(await shareOffsets(tc, 'q4')).toMatchObject({ partitions: [{ startOffset: 6, lag: 4 }] });
    // The leader still caches the old state; the new state epoch makes it reload: records 6-9 come again.
    const again = await rdk(shareArgs(tc, 'replay', 'q4', ['--max', '4']));
    expect(again.of('record').map((r) => [r.value, r.deliveryCount])).toEqual(values.slice(6).map((v) => [v, 1]));
    await until('the group to be empty', async () => (await shareMembers(tc!, 'q4')).length === 0);

    const deleted = await coordinatorRequest(tc, 'q4', ApiKey.DeleteShareGroupOffsets, 0, { groupId: 'q4', topics: [{ topicName: 'replay' }] }) as { errorCode: number; responses: { errorCode: number }[] };
    expect([deleted.errorCode, deleted.responses[0].errorCode]).toEqual([0, 0]);
    expect(await shareOffsets(tc, 'q4')).toEqual({ errorCode: 0, partitions: [] });
  });
});
