// share.isolation.level with real clients: librdkafka 2.15's transactional producer (rdk-driver produce
// --txn-id) and kafkajs's write committed and aborted transactions; librdkafka's share consumer (rdk-driver
// share) reads them in a share group whose GROUP config says read_committed or read_uncommitted (set with
// IncrementalAlterConfigs, as kafka-configs.sh --entity-type groups does). read_committed gets exactly the
// committed records, never a record of an open transaction, and every aborted record ends archived;
// read_uncommitted gets everything.

import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaConnection } from '../client/connection.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import { createTopic, testCluster, until, type TestCluster } from './cluster-fixture.ts';
import { rdk, startDriver, type DriverEvent } from './librdkafka.ts';

let tc: TestCluster | undefined;
afterEach(async () => {
  await tc?.close();
  tc = undefined;
});

type Rec = Extract<DriverEvent, { event: 'record' }>;
const GROUP_RESOURCE = 32;

/** IncrementalAlterConfigs SET on a GROUP resource over our own client; the error code. */
async function alterGroup(t: TestCluster, group: string, configs: Record<string, string>): Promise<number> {
  const c = await KafkaConnection.connect('127.0.0.1', t.cluster.broker(1)!.port, { clientId: 'share-isolation-it', timeoutMs: 10_000 });
  try {
    await c.negotiateVersions();
    const res = await c.request(ApiKey.IncrementalAlterConfigs, 1, {
      resources: [{ resourceType: GROUP_RESOURCE, resourceName: group, configs: Object.entries(configs).map(([name, value]) => ({ name, configOperation: 0, value })) }], validateOnly: false,
    });
    return (res!.responses as { errorCode: number }[])[0].errorCode;
  } finally {
    await c.close();
  }
}

/** DescribeShareGroupOffsets v1 on the single broker: each partition's share-partition start offset. */
async function startOffsets(t: TestCluster, group: string): Promise<Record<number, number>> {
  const c = await KafkaConnection.connect('127.0.0.1', t.cluster.broker(1)!.port, { clientId: 'share-isolation-it', timeoutMs: 10_000 });
  try {
    await c.negotiateVersions();
    const res = await c.request(ApiKey.DescribeShareGroupOffsets, 1, { groups: [{ groupId: group, topics: null }] }) as {
      groups: { topics: { partitions: { partitionIndex: number; startOffset: number | bigint }[] }[] }[];
    };
    return Object.fromEntries(res.groups[0].topics.flatMap((tp) => tp.partitions.map((p) => [p.partitionIndex, Number(p.startOffset)])));
  } finally {
    await c.close();
  }
}

const share = (t: TestCluster, topic: string, group: string) =>
  rdk(['share', '-b', t.bootstrap, '-t', topic, '-G', group, '--idle-ms', '6000', '-X', 'max.poll.records=7'], { timeoutMs: 90_000 });

function values(records: Rec[]): string[] {
  return records.map((r) => r.value!).sort();
}

describe('share groups and share.isolation.level', () => {
  it('read_committed receives exactly the committed records and archives the aborted ones; read_uncommitted receives all', async () => {
    tc = await testCluster({ brokers: 1, brokerConfig: { groupShareHeartbeatIntervalMs: 500 } });
    await createTopic(tc.cluster, 'txq', 2, 1);
    for (const g of ['sq-rc', 'sq-ru']) expect(await alterGroup(tc, g, { 'share.auto.offset.reset': 'earliest' })).toBe(0);
    expect(await alterGroup(tc, 'sq-rc', { 'share.isolation.level': 'read_committed' })).toBe(0);
    // A value Kafka does not know is INVALID_CONFIG.
    expect(await alterGroup(tc, 'sq-rc', { 'share.isolation.level': 'read_committed_only' })).toBe(40);

    // 8 transactions of 5 records; every second one aborted.
    const produced = await rdk(['produce', '-b', tc.bootstrap, '-t', 'txq', '-n', '40', '--txn-id', 'share-iso-1', '--per-txn', '5', '--abort-every', '2', '-X', 'linger.ms=5'], { timeoutMs: 120_000 });
    expect(produced.code, produced.stderr + JSON.stringify(produced.of('error'))).toBe(0);
    const committed: string[] = [];
    for (const t of produced.of('txn')) if (t.result === 'commit') for (let i = t.first; i <= t.last; i++) committed.push(`v-${i}`);
    expect(committed).toHaveLength(20);

    const [rc, ru] = await Promise.all([share(tc, 'txq', 'sq-rc'), share(tc, 'txq', 'sq-ru')]);
    for (const r of [rc, ru]) expect(r.of('error'), r.stderr.slice(-2000)).toEqual([]);
    expect(values(rc.of('record'))).toEqual(committed.sort());
    expect(rc.of('record').every((r) => (r.deliveryCount ?? 1) === 1)).toBe(true);
    expect(values(ru.of('record'))).toEqual(Array.from({ length: 40 }, (_, i) => `v-${i}`).sort());

    // The aborted records were archived, never left in flight. librdkafka acknowledges the offsets of markers
    // as gaps, except from a response that carries markers only (no record for the application): such a marker
    // may come back Available when the member leaves. So every offset still in flight is a marker, and every
    // aborted record is below the share-partition start offset or Archived.
    const logEnds = await logEndOffsets(tc, 'txq');
    // 40 records and at least one marker for each of the 8 transactions.
    expect(Object.values(logEnds).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(48);
    const recordOffsets = (rs: Rec[], p: number) => new Set(rs.filter((r) => r.partition === p).map((r) => Number(r.offset)));
    for (const view of tc.cluster.shareGroupState('sq-rc')) {
      const all = recordOffsets(ru.of('record'), view.partition);
      const kept = recordOffsets(rc.of('record'), view.partition);
      expect(view.endOffset).toBe(logEnds[view.partition]);
      for (const f of view.inFlight) {
        expect(f.state === 'Archived' || !all.has(f.offset), `offset ${f.offset} of txq-${view.partition} is ${f.state}`).toBe(true);
      }
      for (const offset of all) {
        if (kept.has(offset) || offset < view.startOffset) continue;
        expect(view.inFlight.find((f) => f.offset === offset)?.state, `aborted offset ${offset} of txq-${view.partition}`).toBe('Archived');
      }
      expect(view.deadLetters).toEqual([]);
    }
    // read_uncommitted delivered every record with the markers in the same responses: nothing is left.
    expect(await startOffsets(tc, 'sq-ru')).toEqual(logEnds);
  }, 240_000);

  it('an open transaction is not read until its COMMIT; switching the group to read_committed at runtime hides a later abort', async () => {
    tc = await testCluster({ brokers: 1, brokerConfig: { groupShareHeartbeatIntervalMs: 500 } });
    await createTopic(tc.cluster, 'openq', 1, 1);
    expect(await alterGroup(tc, 'oq-rc', { 'share.auto.offset.reset': 'earliest', 'share.isolation.level': 'read_committed' })).toBe(0);
    expect(await alterGroup(tc, 'oq-ru', { 'share.auto.offset.reset': 'earliest' })).toBe(0);
    const kafka = new Kafka({ clientId: 'share-isolation-it', brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const plain = kafka.producer();
    const txp = kafka.producer({ transactionalId: 'share-iso-open', maxInFlightRequests: 1, idempotent: true });
    await Promise.all([plain.connect(), txp.connect()]);
    try {
      await plain.send({ topic: 'openq', acks: -1, messages: [{ value: 'before', partition: 0 }] });
      const open = await txp.transaction();
      await open.send({ topic: 'openq', messages: ['open-1', 'open-2', 'open-3'].map((value) => ({ value, partition: 0 })) });
      // Behind the open transaction, so above the last stable offset too.
      await plain.send({ topic: 'openq', acks: -1, messages: [{ value: 'after', partition: 0 }] });

      // The read_committed member stays until it has all five records; while the read_uncommitted group reads
      // everything to its end, it gets only the record below the open transaction.
      const rc = startDriver(['share', '-b', tc.bootstrap, '-t', 'openq', '-G', 'oq-rc', '--idle-ms', '60000', '--max', '5'], { timeoutMs: 120_000 });
      const ru1 = await share(tc, 'openq', 'oq-ru');
      expect(ru1.of('error'), ru1.stderr.slice(-2000)).toEqual([]);
      expect(values(ru1.of('record'))).toEqual(['after', 'before', 'open-1', 'open-2', 'open-3']);
      await until('the read_committed member has the first record', () => rc.events.some((e) => e.event === 'record'));
      expect(values(rc.events.filter((e): e is Rec => e.event === 'record'))).toEqual(['before']);

      // The COMMIT moves the last stable offset: the waiting member gets the transaction and the record behind it.
      await open.commit();
      const rc1 = await rc.done;
      expect(rc1.of('error'), rc1.stderr.slice(-2000)).toEqual([]);
      expect(values(rc1.of('record'))).toEqual(['after', 'before', 'open-1', 'open-2', 'open-3']);
      expect(rc1.of('record').every((r) => r.deliveryCount === 1)).toBe(true);

      // The read_uncommitted group turns read_committed: its next fetch leaves an aborted transaction out.
      expect(await alterGroup(tc, 'oq-ru', { 'share.isolation.level': 'read_committed' })).toBe(0);
      const aborted = await txp.transaction();
      await aborted.send({ topic: 'openq', messages: [{ value: 'aborted-1', partition: 0 }, { value: 'aborted-2', partition: 0 }] });
      await aborted.abort();
      await plain.send({ topic: 'openq', acks: -1, messages: [{ value: 'last', partition: 0 }] });
      const ru2 = await share(tc, 'openq', 'oq-ru');
      expect(ru2.of('error'), ru2.stderr.slice(-2000)).toEqual([]);
      expect(values(ru2.of('record'))).toEqual(['last']);
      // Back to read_uncommitted: nothing more to read, and the archived records are not handed out again.
      expect(await alterGroup(tc, 'oq-ru', { 'share.isolation.level': 'read_uncommitted' })).toBe(0);
      const ru3 = await share(tc, 'openq', 'oq-ru');
      expect(values(ru3.of('record'))).toEqual([]);
      expect(await startOffsets(tc, 'oq-ru')).toEqual(await logEndOffsets(tc, 'openq'));
    } finally {
      await Promise.all([plain.disconnect(), txp.disconnect()]);
    }
  }, 240_000);
});

/** ListOffsets LATEST (read_uncommitted) for each partition of the topic. */
async function logEndOffsets(t: TestCluster, topic: string): Promise<Record<number, number>> {
  const kafka = new Kafka({ clientId: 'share-isolation-it', brokers: t.bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return Object.fromEntries(offsets.map((o) => [o.partition, Number(o.high)]));
  } finally {
    await admin.disconnect();
  }
}
