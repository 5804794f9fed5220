// The console's view of a KIP-848 group against a real local cluster: two members driven by raw
// ConsumerGroupHeartbeats (so the group can be held mid-rebalance), a kafkajs classic group beside them;
// groups.list shows each group's type and state, groups.describe a consumer group's epochs, its members'
// current and target assignments and what is moving.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupDetail, GroupSummary } from '../../contract.ts';
import { ApiKey, KafkaConnection as ProtocolConnection } from '../../../engine/index.ts';
import { startBackend, type Backend } from '../service/start.ts';
import { consoleCaller } from '../service/test-support.ts';

let backend: Backend;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-kip848-console-'));
const { ok } = consoleCaller(() => backend);
const GROUP = 'orders-kip848';

beforeAll(async () => {
  backend = await startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 2, basePort: 0, host: 'web', version: 'test' });
  await ok('topics.create', { name: 'orders', partitions: 4, replicationFactor: 2, configs: {} });
}, 60_000);
afterAll(async () => {
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function coordinator(): Promise<ProtocolConnection> {
  const [host, port] = backend.cluster.bootstrapServers.split(',')[0].split(':');
  const boot = await ProtocolConnection.connect(host, Number(port), { clientId: 'kip848-console-test' });
  const res = await boot.request(ApiKey.FindCoordinator, 4, { keyType: 0, coordinatorKeys: [GROUP] });
  await boot.close();
  const c = (res.coordinators as { host: string; port: number }[])[0];
  return ProtocolConnection.connect(c.host, c.port, { clientId: 'kip848-console-test' });
}

interface Heartbeat { errorCode: number; memberEpoch: number; assignment: { topicPartitions: { topicId: string; partitions: number[] }[] } | null }

describe('the console on a KIP-848 group', () => {
  it('lists group types and shows members with epochs, current and target assignments', async () => {
    const kafka = new kafkajs.Kafka({ brokers: backend.cluster.bootstrapServers.split(','), logLevel: kafkajs.logLevel.NOTHING });
    const classic = kafka.consumer({ groupId: 'orders-classic', sessionTimeout: 10_000 });
    await classic.connect();
    await classic.subscribe({ topics: ['orders'], fromBeginning: true });
    await classic.run({ eachMessage: async () => {} });

    const c = await coordinator();
    const hb = async (memberId: string, memberEpoch: number, owned: Heartbeat['assignment'] = { topicPartitions: [] }) => (await c.request(ApiKey.ConsumerGroupHeartbeat, 1, {
      groupId: GROUP, memberId, memberEpoch, instanceId: null, rackId: null, rebalanceTimeoutMs: 60_000,
      subscribedTopicNames: ['orders'], subscribedTopicRegex: null, serverAssignor: null, topicPartitions: owned?.topicPartitions ?? [],
    })) as unknown as Heartbeat;
    const first = await hb('member-a', 0);
    expect(first).toMatchObject({ errorCode: 0, memberEpoch: 1 });
    expect(first.assignment!.topicPartitions[0].partitions).toHaveLength(4);
    const second = await hb('member-b', 0);
    expect(second).toMatchObject({ errorCode: 0, memberEpoch: 2 });

    // member-a has not heartbeated since member-b joined: it still owns all four, two of which are to be revoked.
    const before = await ok<GroupDetail>('groups.describe', { groupId: GROUP });
    expect(before).toMatchObject({ groupType: 'consumer', state: 'RECONCILING', protocol: 'uniform' });
    expect(before.consumer).toMatchObject({ groupEpoch: 2, assignmentEpoch: 2, assignor: 'uniform' });
    const a = before.consumer!.members.find((m) => m.memberId === 'member-a')!;
    const b = before.consumer!.members.find((m) => m.memberId === 'member-b')!;
    expect(a).toMatchObject({ memberEpoch: 1, subscribedTopics: ['orders'], clientId: 'kip848-console-test' });
    expect(a.assignment).toEqual([{ topic: 'orders', partitions: [0, 1, 2, 3] }]);
    expect(a.revoking[0].partitions).toHaveLength(2);
    expect(b).toMatchObject({ memberEpoch: 2, assignment: [] });
    expect(b.pending).toEqual(a.revoking);

    // member-a is told to revoke, then reports it has: member-b gets the two partitions.
    const told = await hb('member-a', 1, first.assignment);
    const kept = told.assignment!;
    await hb('member-a', 1, kept);
    const got = await hb('member-b', 2);
    expect(got.assignment!.topicPartitions[0].partitions).toHaveLength(2);

    const after = await ok<GroupDetail>('groups.describe', { groupId: GROUP });
    expect(after.state).toBe('STABLE');
    expect(after.consumer!.members.every((m) => m.memberEpoch === 2 && m.revoking.length === 0 && m.pending.length === 0)).toBe(true);

    const list = await ok<GroupSummary[]>('groups.list');
    expect(list.find((g) => g.groupId === GROUP)).toMatchObject({ groupType: 'consumer', state: 'STABLE', members: 2 });
    const classicRow = await (async () => {
      for (let i = 0; i < 100; i++) {
        const row = (await ok<GroupSummary[]>('groups.list')).find((g) => g.groupId === 'orders-classic');
        if (row?.state === 'STABLE') return row;
        await new Promise((r) => setTimeout(r, 100));
      }
      return undefined;
    })();
    expect(classicRow).toMatchObject({ groupType: 'classic', state: 'STABLE', members: 1 });

    await hb('member-a', -1);
    await hb('member-b', -1);
    await c.close();
    await classic.disconnect();
    expect((await ok<GroupDetail>('groups.describe', { groupId: GROUP })).state).toBe('EMPTY');
  });
});
