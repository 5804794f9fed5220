// The newer apis current clients negotiate, against a real 3-broker cluster over our protocol client:
// ListOffsets v11 and its special timestamps by version, DescribeTopicPartitions with cursor paging,
// OffsetCommit and OffsetFetch v10 naming topics by id.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaConnection } from '../client/connection.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { EARLIEST_PENDING_UPLOAD_TIMESTAMP, MAX_TIMESTAMP } from '../protocol/list-offsets-timestamps.ts';
import { createTopic, testCluster, type TestCluster } from './cluster-fixture.ts';

let tc: TestCluster;
let conn: KafkaConnection;

beforeAll(async () => {
  tc = await testCluster({ brokers: 3 });
  conn = await KafkaConnection.connect('127.0.0.1', tc.cluster.status()[0].port, { clientId: 'compat-current', timeoutMs: 15_000 });
  await createTopic(tc.cluster, 'dtp-a', 3, 2);
  await createTopic(tc.cluster, 'dtp-b', 2, 3);
  await createTopic(tc.cluster, 'dtp-c', 1, 1);
});
afterAll(async () => {
  await conn?.close();
  await tc?.close();
});

async function leaderConn(topic: string): Promise<KafkaConnection> {
  const p = tc.cluster.partitions().find((x) => x.topic === topic && x.partition === 0)!;
  return KafkaConnection.connect('127.0.0.1', tc.cluster.broker(p.leader)!.port, { clientId: 'compat-current' });
}

describe('ListOffsets v11', () => {
  it('answers EARLIEST_PENDING_UPLOAD with no offset (nothing is tiered); a special timestamp below its version is UNSUPPORTED_VERSION', async () => {
    const c = await leaderConn('dtp-c');
    const ask = async (version: number, timestamp: number) => {
      const r = await c.request(ApiKey.ListOffsets, version, {
        replicaId: -1, isolationLevel: 0, timeoutMs: 1000, topics: [{ name: 'dtp-c', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp }] }],
      }) as { topics: { partitions: { errorCode: number; offset: number }[] }[] };
      return r.topics[0].partitions[0];
    };
    expect(await ask(11, EARLIEST_PENDING_UPLOAD_TIMESTAMP)).toMatchObject({ errorCode: 0, offset: -1 });
    expect((await ask(10, EARLIEST_PENDING_UPLOAD_TIMESTAMP)).errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect((await ask(6, MAX_TIMESTAMP)).errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(await ask(11, -1)).toMatchObject({ errorCode: 0, offset: 0 });
    await c.close();
  });
});

type DtpAnswer = {
  topics: { errorCode: number; name: string; topicId: string; partitions: { partitionIndex: number; replicaNodes: number[]; isrNodes: number[]; leaderId: number }[]; topicAuthorizedOperations: number }[];
  nextCursor: { topicName: string; partitionIndex: number } | null;
};

describe('DescribeTopicPartitions', () => {
  const describeTp = async (topics: string[], limit: number, cursor: { topicName: string; partitionIndex: number } | null = null) =>
    await conn.request(ApiKey.DescribeTopicPartitions, 0, { topics: topics.map((name) => ({ name })), responsePartitionLimit: limit, cursor }) as DtpAnswer;

  it('describes the named topics in name order, with replicas, ISR and authorized operations', async () => {
    const r = await describeTp(['dtp-b', 'dtp-a', 'nope'], 100);
    expect(r.topics.map((t) => [t.name, t.errorCode, t.partitions.length])).toEqual([['dtp-a', 0, 3], ['dtp-b', 0, 2], ['nope', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 0]]);
    const meta = tc.cluster.partitions().filter((p) => p.topic === 'dtp-b').sort((a, b) => a.partition - b.partition);
    expect(r.topics[1].partitions.map((p) => [p.partitionIndex, p.leaderId, [...p.replicaNodes].sort(), [...p.isrNodes].sort()]))
      .toEqual(meta.map((p) => [p.partition, p.leader, [...p.replicas].sort(), [...p.isr].sort()]));
    expect(r.topics[0].topicAuthorizedOperations).toBeGreaterThan(0); // no authorizer: every topic operation
    expect(r.nextCursor).toBeNull();
  });

  it('pages every topic through the cursor, each partition exactly once', async () => {
    const seen: string[] = [];
    let cursor: DtpAnswer['nextCursor'] = null;
    let pages = 0;
    do {
      const r = await describeTp([], 2, cursor);
      for (const t of r.topics) for (const p of t.partitions) seen.push(`${t.name}-${p.partitionIndex}`);
      expect(r.topics.reduce((n, t) => n + t.partitions.length, 0)).toBeLessThanOrEqual(2);
      cursor = r.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    const expected = tc.cluster.partitions().filter((p) => !p.topic.startsWith('__')).map((p) => `${p.topic}-${p.partition}`).sort();
    expect(seen.filter((s) => !s.startsWith('__'))).toEqual(expected);
    expect(pages).toBe(3); // 6 partitions, 2 per page
  });

  it('a cursor outside the requested topics is INVALID_REQUEST', async () => {
    const r = await describeTp(['dtp-a'], 10, { topicName: 'dtp-z', partitionIndex: 0 });
    expect(r.topics).toEqual([expect.objectContaining({ name: 'dtp-a', errorCode: ErrorCode.INVALID_REQUEST })]);
  });
});

describe('OffsetCommit and OffsetFetch v10 (topics by id)', () => {
  it('commits by topic id, fetches by id (and all topics), answers an unknown id UNKNOWN_TOPIC_ID; v9 sees the same offsets by name', async () => {
    const group = 'v10-group';
    const fc = await conn.request(ApiKey.FindCoordinator, 4, { keyType: 0, coordinatorKeys: [group] }) as { coordinators: { nodeId: number }[] };
    const c = await KafkaConnection.connect('127.0.0.1', tc.cluster.broker(fc.coordinators[0].nodeId)!.port, { clientId: 'compat-current' });
    const md = await c.request(ApiKey.Metadata, 12, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'dtp-a' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false }) as { topics: { topicId: string }[] };
    const id = md.topics[0].topicId;
    const bogus = 'AAAAAAAAAAAAAAAAAAAAAQ';
    const commit = await c.request(ApiKey.OffsetCommit, 10, {
      groupId: group, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null,
      topics: [
        { topicId: id, partitions: [{ partitionIndex: 1, committedOffset: 42, committedLeaderEpoch: -1, committedMetadata: 'm' }] },
        { topicId: bogus, partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: null }] },
      ],
    }) as { topics: { topicId: string; partitions: { errorCode: number }[] }[] };
    expect(commit.topics.map((t) => [t.topicId, t.partitions[0].errorCode])).toEqual([[id, 0], [bogus, ErrorCode.UNKNOWN_TOPIC_ID]]);

    type Fetched = { groups: { errorCode: number; topics: { name: string; topicId: string; partitions: { partitionIndex: number; committedOffset: number; errorCode: number }[] }[] }[] };
    const byId = await c.request(ApiKey.OffsetFetch, 10, {
      groups: [{ groupId: group, memberId: null, memberEpoch: -1, topics: [{ topicId: id, partitionIndexes: [1] }, { topicId: bogus, partitionIndexes: [0] }] }], requireStable: false,
    }) as Fetched;
    expect(byId.groups[0].topics.map((t) => [t.topicId, t.partitions[0].committedOffset, t.partitions[0].errorCode])).toEqual([[id, 42, 0], [bogus, -1, ErrorCode.UNKNOWN_TOPIC_ID]]);
    const all = await c.request(ApiKey.OffsetFetch, 10, { groups: [{ groupId: group, memberId: null, memberEpoch: -1, topics: null }], requireStable: false }) as Fetched;
    expect(all.groups[0].topics.map((t) => [t.topicId, t.partitions.map((p) => [p.partitionIndex, p.committedOffset])])).toEqual([[id, [[1, 42]]]]);
    const byName = await c.request(ApiKey.OffsetFetch, 9, { groups: [{ groupId: group, memberId: null, memberEpoch: -1, topics: [{ name: 'dtp-a', partitionIndexes: [1] }] }], requireStable: false }) as Fetched;
    expect(byName.groups[0].topics[0]).toMatchObject({ name: 'dtp-a', partitions: [{ partitionIndex: 1, committedOffset: 42, errorCode: 0 }] });
    await c.close();
  });
});

describe('ElectLeaders', () => {
  type Elected = { errorCode: number; replicaElectionResults: { topic: string; partitionResult: { partitionId: number; errorCode: number }[] }[] };
  const elect = async (version: number, electionType: number, topicPartitions: { topic: string; partitions: number[] }[] | null) =>
    await conn.request(ApiKey.ElectLeaders, version, { electionType, topicPartitions, timeoutMs: 10_000 }) as Elected;

  it('PREFERRED and UNCLEAN answer ELECTION_NOT_NEEDED where the leader is already right, per partition; unknown partitions are named', async () => {
    for (const version of [0, 1, 2]) {
      const r = await elect(version, 0, [{ topic: 'dtp-a', partitions: [0, 1] }, { topic: 'nope', partitions: [0] }]);
      expect(r.replicaElectionResults.map((t) => [t.topic, t.partitionResult.map((p) => p.errorCode)]), `v${version}`)
        .toEqual([['dtp-a', [ErrorCode.ELECTION_NOT_NEEDED, ErrorCode.ELECTION_NOT_NEEDED]], ['nope', [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]]);
    }
    const unclean = await elect(2, 1, [{ topic: 'dtp-b', partitions: [1] }]);
    expect(unclean.replicaElectionResults).toEqual([{ topic: 'dtp-b', partitionResult: [expect.objectContaining({ partitionId: 1, errorCode: ErrorCode.ELECTION_NOT_NEEDED })] }]);
    // Every partition (null): only elections that were needed are answered, and none is.
    expect((await elect(2, 0, null)).replicaElectionResults).toEqual([]);
    expect(tc.cluster.partitions().filter((p) => p.topic.startsWith('dtp-')).every((p) => p.leader === p.replicas[0])).toBe(true);
  });
});
