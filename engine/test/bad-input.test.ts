// Bad input against a real broker, one focused test per rule, with Kafka's error codes: a corrupt batch,
// illegal CreateTopics arguments, an oversize batch, a produce to a missing topic, an unknown ApiVersions
// version, an oversize frame. The random run over every api is engine/broker/fuzz.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCluster, until, type TestCluster } from './cluster-fixture.ts';
import { ADVERTISED_API_VERSIONS, ApiKey } from '../protocol/api-keys.ts';
import { decodeResponse } from '../protocol/codec.ts';
import type { KafkaConnection } from '../client/connection.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { brokerPort, closedWithin, createTopicRequest, endOffset, listenerStats, listTopics, open, produce, rawConnect, records, type MetadataTopic } from './broker-requests.ts';

describe('broker rules for bad input (Kafka error codes)', () => {
  let env: TestCluster;
  let c: KafkaConnection;

  beforeAll(async () => {
    env = await testCluster({ brokerConfig: { autoCreateTopicsEnable: false } });
    c = await open(env.cluster);
  });

  afterAll(async () => {
    await c?.close();
    await env?.close();
  });

  it('a produce whose batch fails its CRC is CORRUPT_MESSAGE and appends nothing', async () => {
    expect((await createTopicRequest(c, 'crc-check', 1, 1)).errorCode).toBe(0);
    const ok = await produce(c, 'crc-check', 0, records(3, 'ok'));
    expect(ok.errorCode).toBe(0);
    expect(await endOffset(c, 'crc-check', 0)).toBe(3);

    const good = records(4, 'bad');
    // A byte of the last record's value (covered by the CRC), and the attributes field.
    for (const pos of [good.length - 1, 21]) {
      const bad = Buffer.from(good);
      bad[pos] ^= 0x5a;
      for (const acks of [1, -1]) {
        const r = await produce(c, 'crc-check', 0, bad, acks);
        expect(r.errorCode, `corrupt byte at ${pos}, acks ${acks}`).toBe(ErrorCode.CORRUPT_MESSAGE);
      }
      // acks=0: no answer; the connection is closed (as Kafka closes it), and still nothing appended.
      const fireAndForget = await open(env.cluster, 'acks-zero');
      await fireAndForget.request(ApiKey.Produce, 12, {
        transactionalId: null, acks: 0, timeoutMs: 1000, topicData: [{ name: 'crc-check', partitionData: [{ index: 0, records: bad }] }],
      }, { expectResponse: false });
      await until('the failed acks=0 connection to close', () => fireAndForget.closed);
    }
    // A valid batch followed by a corrupt one in the same request: all or nothing.
    const mixed = Buffer.concat([records(2, 'first'), (() => { const b = Buffer.from(good); b[b.length - 2] ^= 1; return b; })()]);
    expect((await produce(c, 'crc-check', 0, mixed)).errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(await endOffset(c, 'crc-check', 0)).toBe(3);
    // And the partition still takes good data at the next offset, in both classic and flexible versions.
    expect(await produce(c, 'crc-check', 0, records(2, 'after'), 1, 3)).toMatchObject({ errorCode: 0, baseOffset: 3 });
    expect(await produce(c, 'crc-check', 0, records(2, 'after'), 1, 9)).toMatchObject({ errorCode: 0, baseOffset: 5 });
    expect(await endOffset(c, 'crc-check', 0)).toBe(7);
  });

  it('a successful acks=0 produce keeps its connection; a failed one closes only that connection', async () => {
    expect((await createTopicRequest(c, 'acks-zero', 1, 1)).errorCode).toBe(0);
    const p = await open(env.cluster, 'acks-zero-ok');
    const send = (topic: string) => p.request(ApiKey.Produce, 12, {
      transactionalId: null, acks: 0, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: 0, records: records(2, 'z') }] }],
    }, { expectResponse: false });
    await send('acks-zero');
    await until('the acks=0 records to be appended', async () => (await endOffset(c, 'acks-zero', 0)) === 2);
    expect(p.closed).toBe(false);
    await send('no-such-topic-for-acks-zero');
    await until('the connection of the failed acks=0 produce to close', () => p.closed);
    expect(c.closed).toBe(false);
  });

  it('Produce is advertised from v0 (KAFKA-18659), but a v0-2 request closes its connection and appends nothing', async () => {
    const res = await c.request(ApiKey.ApiVersions, 3, { clientSoftwareName: 'b', clientSoftwareVersion: '1' });
    const produceRange = (res.apiKeys as { apiKey: number; minVersion: number; maxVersion: number }[]).find((a) => a.apiKey === ApiKey.Produce);
    expect(produceRange?.minVersion).toBe(0);
    expect((await createTopicRequest(c, 'old-produce', 1, 1)).errorCode).toBe(0);
    for (const version of [0, 1, 2]) {
      // Header v1 and a v0-2 body: acks, timeout, [topic [partition, message set]] (an empty message set).
      const topic = Buffer.from('old-produce');
      const parts = [
        int16(ApiKey.Produce), int16(version), int32(100 + version), int16(2), Buffer.from('v0'),
        int16(1), int32(1000), int32(1), int16(topic.length), topic, int32(1), int32(0), int32(0),
      ];
      const body = Buffer.concat(parts);
      const s = await rawConnect(brokerPort(env.cluster));
      s.on('error', () => undefined);
      s.write(Buffer.concat([int32(body.length), body]));
      expect(await closedWithin(s, 5000), `Produce v${version}`).toBe(true);
    }
    expect(await endOffset(c, 'old-produce', 0)).toBe(0);
  });

  it('CreateTopics with an illegal name is INVALID_TOPIC_EXCEPTION', async () => {
    for (const name of ['bad name', 'é', '..', '.', '', 'a/b', 'x'.repeat(250)]) {
      for (const v of [0, 4, 7]) {
        const r = await createTopicRequest(c, name, 1, 1, {}, v);
        expect(r.errorCode, `name ${JSON.stringify(name)} v${v}`).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
      }
    }
  });

  it('CreateTopics with 0 (or negative) partitions is INVALID_PARTITIONS', async () => {
    expect((await createTopicRequest(c, 'zero-partitions', 0, 1)).errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    expect((await createTopicRequest(c, 'negative-partitions', -5, 1)).errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
  });

  it('CreateTopics with a replication factor above the broker count is INVALID_REPLICATION_FACTOR', async () => {
    expect((await createTopicRequest(c, 'rf-three', 1, 3)).errorCode).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
    expect((await createTopicRequest(c, 'rf-zero', 1, 0)).errorCode).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
    const names = (await listTopics(c)).map((t) => t.name);
    for (const n of ['zero-partitions', 'negative-partitions', 'rf-three', 'rf-zero']) expect(names).not.toContain(n);
  });

  it('a batch above max.message.bytes is MESSAGE_TOO_LARGE and appends nothing', async () => {
    expect((await createTopicRequest(c, 'small-max', 1, 1, { 'max.message.bytes': '2000' })).errorCode).toBe(0);
    expect((await produce(c, 'small-max', 0, records(1, 'fits', 500))).errorCode).toBe(0);
    const big = records(1, 'big', 3000);
    expect(big.length).toBeGreaterThan(2000);
    expect((await produce(c, 'small-max', 0, big)).errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    expect(await endOffset(c, 'small-max', 0)).toBe(1);
    // The broker default (message.max.bytes = 1048588) applies to a topic without the setting.
    expect((await createTopicRequest(c, 'default-max', 1, 1)).errorCode).toBe(0);
    const huge = records(1, 'huge', 1_100_000);
    expect((await produce(c, 'default-max', 0, huge)).errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    expect(await endOffset(c, 'default-max', 0)).toBe(0);
  });

  it('a produce to a missing topic with auto-create off is UNKNOWN_TOPIC_OR_PARTITION (and creates nothing)', async () => {
    expect((await produce(c, 'no-such-topic', 0, records(1, 'x'))).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await produce(c, 'crc-check', 7, records(1, 'x'))).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    // Metadata asking to auto-create does not create either.
    const res = await c.request(ApiKey.Metadata, 12, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'no-such-topic' }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false });
    expect((res.topics as MetadataTopic[])[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await listTopics(c)).map((t) => t.name)).not.toContain('no-such-topic');
  });

  it('ApiVersions v99 gets the v0 answer: UNSUPPORTED_VERSION (35) and the api list', async () => {
    // Header v2 (a version past what we know is assumed flexible): key 18, version 99, correlation id 77,
    // client id "fz", no tagged fields; an empty body.
    const body = Buffer.from([0, 18, 0, 99, 0, 0, 0, 77, 0, 2, 0x66, 0x7a, 0]);
    const frame = Buffer.concat([Buffer.from([0, 0, 0, body.length]), body]);
    const raw = await c.sendRaw(frame, { expectResponse: true });
    const res = decodeResponse(ApiKey.ApiVersions, 0, raw);
    expect(res.header.correlationId).toBe(77);
    expect(res.body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(res.body.apiKeys).toEqual(ADVERTISED_API_VERSIONS.map((a) => ({ ...a })));
    // The connection stays open: the same connection then negotiates normally.
    const versions = await c.negotiateVersions();
    expect(versions.get(ApiKey.ApiVersions)).toBe(4);
    // Our own client reads the v0 answer to any version (a negative one too).
    const neg = await c.sendRaw(Buffer.from([0, 0, 0, 13, 0, 18, 0xff, 0xfe, 0, 0, 0, 78, 0, 2, 0x66, 0x7a, 0]), { expectResponse: true });
    expect(decodeResponse(ApiKey.ApiVersions, 0, neg).body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
  });

  it('a frame larger than socket.request.max.bytes closes only that connection', async () => {
    const before = (await listenerStats(env.cluster)).closedForBadInput;
    const bystander = await open(env.cluster, 'bystander');
    // A request in flight on the bystander while the other connection is cut: a Fetch long poll.
    const poll = bystander.request(ApiKey.Fetch, 12, {
      replicaId: -1, maxWaitMs: 400, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [{ topic: 'crc-check', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 7, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
      forgottenTopicsData: [], rackId: '',
    });
    const victim = await rawConnect(brokerPort(env.cluster));
    victim.on('error', () => undefined);
    const size = Buffer.alloc(4);
    size.writeInt32BE(100 * 1024 * 1024 + 1); // socket.request.max.bytes (104857600) + 1
    victim.write(Buffer.concat([size, Buffer.alloc(64, 7)]));
    expect(await closedWithin(victim, 5000)).toBe(true);
    expect((await listenerStats(env.cluster)).closedForBadInput).toBe(before + 1);
    const fetched = await poll;
    expect(fetched.errorCode).toBe(0);
    expect(bystander.closed).toBe(false);
    expect(await endOffset(bystander, 'crc-check', 0)).toBe(7);
    // A negative size closes too; a frame exactly at the limit is allowed to arrive (we do not send it).
    const neg = await rawConnect(brokerPort(env.cluster));
    neg.on('error', () => undefined);
    neg.write(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    expect(await closedWithin(neg, 5000)).toBe(true);
    expect((await listenerStats(env.cluster)).closedForBadInput).toBe(before + 2);
    expect((await bystander.request(ApiKey.ApiVersions, 3, { clientSoftwareName: 'b', clientSoftwareVersion: '1' })).errorCode).toBe(0);
    await bystander.close();
  });
});

function int16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(v);
  return b;
}

function int32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
}
