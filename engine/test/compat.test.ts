// What clients of every generation rely on, against a real 3-broker cluster over our protocol client: the
// answers of old request versions (OffsetFetch v1 away from the coordinator), ListOffsets MAX_TIMESTAMP,
// Produce's per-record errors (KIP-467), broker configs given at start by Kafka's names, and a log cleaner that wakes on its own period (log.cleaner.backoff.ms).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaConnection } from '../client/connection.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { buildBatch } from '../storage/records.ts';
import { parseBrokerConfigs } from '../broker/broker-config-names.ts';
import { createTopic, testCluster, until, type TestCluster } from './cluster-fixture.ts';

let tc: TestCluster;
const conns = new Map<number, KafkaConnection>();

beforeAll(async () => {
  tc = await testCluster({ brokers: 3 });
  for (const b of tc.cluster.status()) {
    const c = await KafkaConnection.connect('127.0.0.1', b.port, { clientId: 'compat', timeoutMs: 15_000 });
    await c.negotiateVersions();
    conns.set(b.id, c);
  }
});

afterAll(async () => {
  for (const c of conns.values()) await c.close();
  await tc?.close();
});

type Body = Record<string, unknown>;

async function coordinatorOf(group: string): Promise<number> {
  const r = (await conns.get(1)!.request(ApiKey.FindCoordinator, 3, { key: group, keyType: 0 })) as { errorCode: number; nodeId: number };
  expect(r.errorCode).toBe(0);
  return r.nodeId;
}

describe('authorized operations (KIP-430)', () => {
  // Bits by AclOperation code; with no authorizer every operation a resource type supports is allowed.
  const ops = (...codes: number[]) => codes.reduce((a, c) => a | (1 << c), 0);
  const TOPIC = ops(3, 4, 5, 6, 7, 8, 10, 11); // READ WRITE CREATE DELETE ALTER DESCRIBE DESCRIBE_CONFIGS ALTER_CONFIGS
  const CLUSTER = ops(5, 7, 8, 9, 10, 11, 12); // CREATE ALTER DESCRIBE CLUSTER_ACTION DESCRIBE_CONFIGS ALTER_CONFIGS IDEMPOTENT_WRITE

  it('Metadata, DescribeCluster and DescribeGroups answer the bitfield when asked, MIN_VALUE when not', async () => {
    await createTopic(tc.cluster, 'ops', 1, 1);
    const c = conns.get(1)!;
    for (const include of [true, false]) {
      const md = (await c.request(ApiKey.Metadata, 12, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'ops' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: include })) as {
        topics: { topicAuthorizedOperations: number }[];
      };
      expect(md.topics[0].topicAuthorizedOperations).toBe(include ? TOPIC : -2147483648);
      const md10 = (await c.request(ApiKey.Metadata, 10, { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: include, includeTopicAuthorizedOperations: false })) as { clusterAuthorizedOperations: number };
      expect(md10.clusterAuthorizedOperations).toBe(include ? CLUSTER : -2147483648);
      const dc = (await c.request(ApiKey.DescribeCluster, 1, { includeClusterAuthorizedOperations: include, endpointType: 1 })) as { clusterAuthorizedOperations: number };
      expect(dc.clusterAuthorizedOperations).toBe(include ? CLUSTER : -2147483648);
      const group = 'ops-group';
      const dg = (await conns.get(await coordinatorOf(group))!.request(ApiKey.DescribeGroups, 5, { groups: [group], includeAuthorizedOperations: include })) as { groups: { authorizedOperations: number }[] };
      expect(dg.groups[0].authorizedOperations).toBe(include ? ops(3, 6, 8, 10, 11) : -2147483648);
    }
  });
});

describe('leader hints (KIP-951)', () => {
  it('Produce and Fetch sent to a follower name the current leader and where it listens', async () => {
    await createTopic(tc.cluster, 'hinted', 1, 3);
    const p = tc.cluster.partitions().find((x) => x.topic === 'hinted')!;
    const leader = tc.cluster.status().find((b) => b.id === p.leader)!;
    const follower = conns.get([1, 2, 3].find((id) => id !== p.leader)!)!;
    const endpoint = { nodeId: leader.id, host: '127.0.0.1', port: leader.port, rack: null };
    const produced = (await follower.request(ApiKey.Produce, 11, {
      transactionalId: null, acks: 1, timeoutMs: 5000, topicData: [{ name: 'hinted', partitionData: [{ index: 0, records: buildBatch([{ key: 'k', value: 'v' }]) }] }],
    })) as { responses: { partitionResponses: { errorCode: number; currentLeader: { leaderId: number; leaderEpoch: number } }[] }[]; nodeEndpoints: unknown[] };
    expect(produced.responses[0].partitionResponses[0]).toMatchObject({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, currentLeader: { leaderId: p.leader, leaderEpoch: p.leaderEpoch } });
    expect(produced.nodeEndpoints).toEqual([endpoint]);
    const md = (await follower.request(ApiKey.Metadata, 12, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'hinted' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false })) as { topics: { topicId: string }[] };
    for (const version of [16, 18]) {
      const fetched = (await follower.request(ApiKey.Fetch, version, {
        maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
        topics: [{ topicId: md.topics[0].topicId, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
        forgottenTopicsData: [], rackId: '',
      })) as { responses: { partitions: { errorCode: number; currentLeader: { leaderId: number; leaderEpoch: number } }[] }[]; nodeEndpoints: unknown[] };
      expect(fetched.responses[0].partitions[0], `Fetch v${version}`).toMatchObject({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, currentLeader: { leaderId: p.leader, leaderEpoch: p.leaderEpoch } });
      expect(fetched.nodeEndpoints).toEqual([endpoint]);
    }
    // The leader itself serves v18 (the fetcher's tagged HighWatermark left at its default).
    const own = (await conns.get(p.leader)!.request(ApiKey.Fetch, 18, {
      maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [{ topicId: md.topics[0].topicId, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
      forgottenTopicsData: [], rackId: '',
    })) as { responses: { partitions: { errorCode: number; currentLeader: { leaderId: number } }[] }[]; nodeEndpoints: unknown[] };
    expect(own.responses[0].partitions[0]).toMatchObject({ errorCode: 0, currentLeader: { leaderId: -1 } });
    expect(own.nodeEndpoints).toEqual([]);
  });
});

describe('OffsetFetch away from the coordinator', () => {
  it('v1 (no top-level error) answers NOT_COORDINATOR on every requested partition; v2+ at the top', async () => {
    const group = 'compat-group';
    const coordinator = await coordinatorOf(group);
    const away = conns.get([1, 2, 3].find((id) => id !== coordinator)!)!;
    const topics = [{ name: 'orders', partitionIndexes: [0, 1] }, { name: 'payments', partitionIndexes: [3] }];
    const v1 = (await away.request(ApiKey.OffsetFetch, 1, { groupId: group, topics })) as Body & {
      topics: { name: string; partitions: { partitionIndex: number; committedOffset: number; errorCode: number }[] }[];
    };
    expect(v1.topics.flatMap((t) => t.partitions.map((p) => [t.name, p.partitionIndex, p.committedOffset, p.errorCode]))).toEqual([
      ['orders', 0, -1, ErrorCode.NOT_COORDINATOR], ['orders', 1, -1, ErrorCode.NOT_COORDINATOR], ['payments', 3, -1, ErrorCode.NOT_COORDINATOR],
    ]);
    const v5 = (await away.request(ApiKey.OffsetFetch, 5, { groupId: group, topics })) as { errorCode: number };
    expect(v5.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    // The coordinator itself answers v1 without errors (nothing committed yet: offset -1).
    const home = (await conns.get(coordinator)!.request(ApiKey.OffsetFetch, 1, { groupId: group, topics })) as typeof v1;
    expect(home.topics.flatMap((t) => t.partitions.map((p) => p.errorCode))).toEqual([0, 0, 0]);
  });
});

type PartitionProduce = { errorCode: number; baseOffset: number; errorMessage: string | null; recordErrors: { batchIndex: number; batchIndexErrorMessage: string | null }[] };

async function leaderConn(topic: string): Promise<KafkaConnection> {
  const p = tc.cluster.partitions().find((x) => x.topic === topic && x.partition === 0)!;
  return conns.get(p.leader)!;
}

async function produceTo(topic: string, records: Buffer, version = 11): Promise<PartitionProduce> {
  const c = await leaderConn(topic);
  const r = (await c.request(ApiKey.Produce, version, {
    transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
  })) as { responses: { partitionResponses: PartitionProduce[] }[] };
  return r.responses[0].partitionResponses[0];
}

async function logEnd(topic: string): Promise<number> {
  const c = await leaderConn(topic);
  const r = (await c.request(ApiKey.ListOffsets, 9, {
    replicaId: -1, isolationLevel: 0, topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 }] }],
  })) as { topics: { partitions: { offset: number }[] }[] };
  return r.topics[0].partitions[0].offset;
}

describe('Produce per-record errors (KIP-467)', () => {
  it('a compacted topic names the records without a key (INVALID_RECORD) and appends nothing', async () => {
    await createTopic(tc.cluster, 'compacted', 1, 3, { 'cleanup.policy': 'compact' });
    const now = Date.now();
    const r = await produceTo('compacted', buildBatch([{ key: 'a', value: '1', timestamp: now }, { key: null, value: '2', timestamp: now }, { key: 'c', value: '3', timestamp: now }]));
    expect(r.errorCode).toBe(ErrorCode.INVALID_RECORD);
    expect(r.recordErrors).toEqual([{ batchIndex: 1, batchIndexErrorMessage: 'Compacted topic cannot accept message without key in topic partition compacted-0.' }]);
    expect(r.errorMessage).toContain('1 record errors in total');
    expect(await logEnd('compacted')).toBe(0);
    // v13 addresses the topic by id, and answers the same way.
    const md = (await conns.get(1)!.request(ApiKey.Metadata, 12, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'compacted' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false })) as { topics: { topicId: string }[] };
    const id = md.topics[0].topicId;
    const byId = (await (await leaderConn('compacted')).request(ApiKey.Produce, 13, {
      transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ topicId: id, partitionData: [{ index: 0, records: buildBatch([{ key: null, value: 'x' }]) }] }],
    })) as { responses: { topicId: string; partitionResponses: PartitionProduce[] }[] };
    expect(byId.responses[0].topicId).toBe(id);
    expect(byId.responses[0].partitionResponses[0]).toMatchObject({ errorCode: ErrorCode.INVALID_RECORD, recordErrors: [{ batchIndex: 0 }] });
    // Version 7 has no RecordErrors: the code alone.
    expect((await produceTo('compacted', buildBatch([{ key: null, value: 'x' }]), 7)).errorCode).toBe(ErrorCode.INVALID_RECORD);
    expect((await produceTo('compacted', buildBatch([{ key: 'k', value: 'ok' }]))).errorCode).toBe(0);
    const unknown = (await (await leaderConn('compacted')).request(ApiKey.Produce, 13, {
      transactionalId: null, acks: 1, timeoutMs: 5000, topicData: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', partitionData: [{ index: 0, records: buildBatch([{ key: 'k', value: 'x' }]) }] }],
    })) as { responses: { partitionResponses: PartitionProduce[] }[] };
    expect(unknown.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
  });

  it('CreateTime records outside message.timestamp.before/after.max.ms are INVALID_TIMESTAMP, each named', async () => {
    await createTopic(tc.cluster, 'recent-only', 1, 3, { 'message.timestamp.before.max.ms': '60000' });
    const now = Date.now();
    const r = await produceTo('recent-only', buildBatch([
      { key: 'a', value: 'now', timestamp: now }, { key: 'b', value: 'yesterday', timestamp: now - 86_400_000 }, { key: 'c', value: 'in two hours', timestamp: now + 7_200_000 },
    ]));
    expect(r.errorCode).toBe(ErrorCode.INVALID_TIMESTAMP);
    expect(r.errorMessage).toContain('rejected due to invalid timestamp');
    expect(r.recordErrors.map((e) => e.batchIndex)).toEqual([1, 2]);
    expect(r.recordErrors[0].batchIndexErrorMessage).toMatch(/^Timestamp \d+ of message with offset 1 is out of range/);
    expect(await logEnd('recent-only')).toBe(0);
    // The default topic: any past, up to an hour ahead (Kafka's message.timestamp.after.max.ms).
    await createTopic(tc.cluster, 'defaults', 1, 3);
    expect((await produceTo('defaults', buildBatch([{ key: 'old', value: 'x', timestamp: 1 }]))).errorCode).toBe(0);
    expect((await produceTo('defaults', buildBatch([{ key: 'future', value: 'x', timestamp: now + 7_200_000 }]))).errorCode).toBe(ErrorCode.INVALID_TIMESTAMP);
  });
});

describe('the log cleaner', () => {
  it('compacts on log.cleaner.backoff.ms, long before log.retention.check.interval.ms', async () => {
    const own = await testCluster({ brokers: 1, brokerConfig: { logCleanerBackoffMs: 200, logRetentionCheckIntervalMs: 3_600_000 } });
    const c = await KafkaConnection.connect('127.0.0.1', own.cluster.status()[0].port, { clientId: 'cleaner', timeoutMs: 15_000 });
    try {
      await createTopic(own.cluster, 'latest-only', 1, 1, { 'cleanup.policy': 'compact', 'segment.ms': '50', 'min.cleanable.dirty.ratio': '0.01' });
      const keys = Array.from({ length: 10 }, (_, i) => `key-${i}`);
      // Three generations of the same keys, each in its own segment (segment.ms rolls on the next append).
      for (const generation of [1, 2, 3]) {
        const r = (await c.request(ApiKey.Produce, 9, {
          transactionalId: null, acks: 1, timeoutMs: 5000,
          topicData: [{ name: 'latest-only', partitionData: [{ index: 0, records: buildBatch(keys.map((key) => ({ key, value: `v${generation}` }))) }] }],
        })) as { responses: { partitionResponses: { errorCode: number }[] }[] };
        expect(r.responses[0].partitionResponses[0].errorCode).toBe(0);
        await new Promise((resolve) => setTimeout(resolve, 120));
      }
      const firstOffset = async (): Promise<number> => {
        const f = (await c.request(ApiKey.Fetch, 12, {
          replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
          topics: [{ topic: 'latest-only', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
          forgottenTopicsData: [], rackId: '',
        })) as { responses: { partitions: { records: Buffer | null }[] }[] };
        const records = f.responses[0].partitions[0].records;
        return records && records.length >= 8 ? Number(records.readBigInt64BE(0)) : -1;
      };
      // The first generation is superseded by the second (both in closed segments): the cleaner drops it.
      await until('the cleaner to remove the first generation', async () => (await firstOffset()) >= 10, 20_000);
    } finally {
      await c.close();
      await own.close();
    }
  });
});

describe('broker configs at start', () => {
  it('auto-created topics follow num.partitions and default.replication.factor; log.* defaults reach topics and DescribeConfigs', async () => {
    const own = await testCluster({
      brokers: 3,
      brokerConfig: parseBrokerConfigs({ 'num.partitions': '4', 'default.replication.factor': '3', 'log.retention.hours': '2', 'group.initial.rebalance.delay.ms': '0' }),
    });
    const c = await KafkaConnection.connect('127.0.0.1', own.cluster.status()[0].port, { clientId: 'configs', timeoutMs: 15_000 });
    try {
      await until('the auto-created topic to have 4 partitions with 3 in-sync replicas each', async () => {
        await c.request(ApiKey.Metadata, 12, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'auto' }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false });
        const ps = own.cluster.partitions().filter((p) => p.topic === 'auto');
        return ps.length === 4 && ps.every((p) => p.replicas.length === 3 && p.isr.length === 3);
      });
      const described = (await c.request(ApiKey.DescribeConfigs, 4, {
        resources: [{ resourceType: 2, resourceName: 'auto', configurationKeys: ['retention.ms', 'segment.ms'] }, { resourceType: 4, resourceName: String(own.cluster.status()[0].id), configurationKeys: ['num.partitions', 'log.retention.ms', 'delete.topic.enable'] }],
        includeSynonyms: false, includeDocumentation: false,
      })) as { results: { errorCode: number; configs: { name: string; value: string; configSource: number }[] }[] };
      const [topic, broker] = described.results.map((r) => Object.fromEntries(r.configs.map((x) => [x.name, [x.value, x.configSource]])));
      // STATIC_BROKER_CONFIG (4) for what the broker was started with, DEFAULT_CONFIG (5) for Kafka's defaults.
      expect(topic).toEqual({ 'retention.ms': ['7200000', 4], 'segment.ms': ['604800000', 5] });
      expect(broker).toEqual({ 'num.partitions': ['4', 4], 'log.retention.ms': ['7200000', 4], 'delete.topic.enable': ['true', 5] });
    } finally {
      await c.close();
      await own.close();
    }
  });
});

describe('current versions of cluster metadata', () => {
  // Last in this file: it stops broker 3 of the shared cluster.
  it('Metadata v13 carries a top-level error code; DescribeCluster v2 lists fenced brokers when asked', async () => {
    const c = conns.get(1)!;
    const md = (await c.request(ApiKey.Metadata, 13, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false })) as { errorCode: number; brokers: { nodeId: number }[] };
    expect(md.errorCode).toBe(0);
    expect(md.brokers.map((b) => b.nodeId)).toEqual([1, 2, 3]);
    await conns.get(3)!.close();
    conns.delete(3);
    await tc.cluster.stopBroker(3);
    const describe = async (includeFencedBrokers: boolean) =>
      ((await c.request(ApiKey.DescribeCluster, 2, { includeClusterAuthorizedOperations: false, endpointType: 1, includeFencedBrokers })) as { brokers: { brokerId: number; isFenced: boolean }[] })
        .brokers.map((b) => [b.brokerId, b.isFenced]);
    await until('broker 3 to leave the advertised brokers', async () => (await describe(false)).length === 2);
    expect(await describe(false)).toEqual([[1, false], [2, false]]);
    expect(await describe(true)).toEqual([[1, false], [2, false], [3, true]]);
  });
});
