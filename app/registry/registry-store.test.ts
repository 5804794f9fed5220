// The registry's durability: what it writes to `_schemas` (read raw with kafkajs, in Confluent's key/value
// format), state rebuilt from the topic by a restarted registry and seen by a second one, and the registry
// working on after the broker leading `_schemas` is killed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { startRegistry, SCHEMAS_TOPIC } from './index.ts';
import { call, registryFixture, type RegistryFixture } from './test-support.ts';

let fx: RegistryFixture;
type Body = Record<string, unknown>;
const api = (method: string, route: string, body?: unknown, base = fx.registry.url) => call<Body>(base, method, route, body);

beforeAll(async () => {
  fx = await registryFixture(3);
});
afterAll(async () => {
  await fx?.close();
});

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every record of `_schemas`, key and value parsed, read from the beginning by an independent client. */
async function rawRecords(): Promise<{ key: Body; value: Body | null }[]> {
  const kafka = new kafkajs.Kafka({ brokers: fx.bootstrap, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const [{ high }] = await admin.fetchTopicOffsets(SCHEMAS_TOPIC);
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `raw-${Math.random()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: SCHEMAS_TOPIC, fromBeginning: true });
  const out: { offset: number; key: Body; value: Body | null }[] = [];
  await new Promise<void>((resolve) => {
    if (Number(high) === 0) resolve();
    void consumer.run({
      eachMessage: async ({ message }) => {
        out.push({ offset: Number(message.offset), key: JSON.parse(message.key!.toString()) as Body, value: message.value ? (JSON.parse(message.value.toString()) as Body) : null });
        if (Number(message.offset) + 1 >= Number(high)) resolve();
      },
    });
  });
  await consumer.disconnect();
  return out.sort((a, b) => a.offset - b.offset).map(({ key, value }) => ({ key, value }));
}

const schema = (n: number) => JSON.stringify({ type: 'record', name: 'Event', fields: [{ name: 'a', type: 'int' }, ...Array.from({ length: n }, (_, i) => ({ name: `f${i}`, type: 'int', default: 0 }))] });
const PROTO = 'syntax = "proto3";\npackage ev;\nmessage Event { int32 a = 1; }\n';

describe('the _schemas topic', () => {
  it('is created compacted, with one partition replicated to every broker (up to 3)', async () => {
    const kafka = new kafkajs.Kafka({ brokers: fx.bootstrap, logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const md = await admin.fetchTopicMetadata({ topics: [SCHEMAS_TOPIC] });
    const configs = await admin.describeConfigs({ resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: SCHEMAS_TOPIC, configNames: ['cleanup.policy'] }], includeSynonyms: false });
    await admin.disconnect();
    expect(md.topics[0].partitions).toHaveLength(1);
    expect(md.topics[0].partitions[0].replicas).toHaveLength(3);
    expect(configs.resources[0].configEntries.find((c) => c.configName === 'cleanup.policy')?.configValue).toBe('compact');
  });

  it("holds Confluent's keys and values for every change", async () => {
    const id = (await api('POST', '/subjects/events-value/versions', { schema: schema(0) })).body.id;
    await api('POST', '/subjects/events-proto/versions', { schema: PROTO, schemaType: 'PROTOBUF' });
    await api('PUT', '/config/events-value', { compatibility: 'FULL' });
    await api('PUT', '/mode/events-value', { mode: 'READWRITE' });
    await api('POST', '/subjects/gone/versions', { schema: schema(0) });
    await api('DELETE', '/subjects/gone');
    await api('DELETE', '/subjects/gone?permanent=true');
    const records = await rawRecords();
    expect(records).toContainEqual({
      key: { keytype: 'SCHEMA', subject: 'events-value', version: 1, magic: 1 },
      value: { subject: 'events-value', version: 1, id, schema: schema(0), references: [], deleted: false },
    });
    expect(records).toContainEqual({
      key: { keytype: 'SCHEMA', subject: 'events-proto', version: 1, magic: 1 },
      value: expect.objectContaining({ schemaType: 'PROTOBUF', schema: PROTO, deleted: false }),
    });
    expect(records).toContainEqual({ key: { keytype: 'CONFIG', subject: 'events-value', magic: 0 }, value: { compatibilityLevel: 'FULL' } });
    expect(records).toContainEqual({ key: { keytype: 'MODE', subject: 'events-value', magic: 0 }, value: { mode: 'READWRITE' } });
    expect(records).toContainEqual({ key: { keytype: 'DELETE_SUBJECT', subject: 'gone', magic: 0 }, value: { subject: 'gone', version: 1 } });
    // The permanent delete is a tombstone on the version's key, after the soft delete.
    const goneKey = JSON.stringify({ keytype: 'SCHEMA', subject: 'gone', version: 1, magic: 1 });
    const gone = records.filter((r) => JSON.stringify(r.key) === goneKey);
    expect(gone.map((r) => r.value === null)).toEqual([false, true]);
  });

  it('is read back by a restarted registry and by a second one', async () => {
    const before = await Promise.all(['/subjects?deleted=true', '/subjects/events-value/versions/1', '/config/events-value', '/schemas/ids/1'].map((r) => api('GET', r)));
    await fx.registry.close();
    fx.registry = await startRegistry({ bootstrap: fx.bootstrap, port: 0 });
    const after = await Promise.all(['/subjects?deleted=true', '/subjects/events-value/versions/1', '/config/events-value', '/schemas/ids/1'].map((r) => api('GET', r)));
    expect(after).toEqual(before);
    expect(after[0].body).not.toContain('gone');

    const second = await startRegistry({ bootstrap: fx.bootstrap, port: 0 });
    try {
      const { body } = await api('POST', '/subjects/events-value/versions', { schema: schema(1) });
      expect(body.id).toBeGreaterThan(1);
      // The other registry follows the topic: it sees the new version without a restart.
      const seen = await until('the second registry to see version 2', async () => {
        const r = await api('GET', '/subjects/events-value/versions/2', undefined, second.url);
        return r.status === 200 && r.body;
      });
      expect(seen).toMatchObject({ id: body.id, version: 2 });
    } finally {
      await second.close();
    }
  });

  it('skips records it cannot read (written by another tool) and starts all the same', async () => {
    const kafka = new kafkajs.Kafka({ brokers: fx.bootstrap, logLevel: kafkajs.logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: SCHEMAS_TOPIC, messages: [
      { key: 'not json', value: '{' },
      { key: JSON.stringify({ keytype: 'SOMETHING_NEW', magic: 0 }), value: '{}' },
      { key: JSON.stringify({ keytype: 'SCHEMA', subject: 'broken', version: 1, magic: 1 }), value: JSON.stringify({ schema: 12 }) },
    ] });
    await producer.disconnect();
    const before = (await api('GET', '/subjects')).body;
    await fx.registry.close();
    fx.registry = await startRegistry({ bootstrap: fx.bootstrap, port: 0 });
    expect((await api('GET', '/subjects')).body).toEqual(before);
    expect(before).not.toContain('broken');
  });

  it('keeps working after the broker leading _schemas is killed', async () => {
    const kafka = new kafkajs.Kafka({ brokers: fx.bootstrap, logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const leader = (await admin.fetchTopicMetadata({ topics: [SCHEMAS_TOPIC] })).topics[0].partitions[0].leader;
    await admin.disconnect();
    await fx.cluster.killBroker(leader);

    // The first request after the kill succeeds: the registry finds the new leader itself.
    const registered = await api('POST', '/subjects/events-value/versions', { schema: schema(2) });
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    expect((await api('GET', '/subjects/events-value/versions/latest')).body).toMatchObject({ version: 3, id: registered.body.id });
    // The topic's new leader holds it: a fresh registry reads the same state.
    const fresh = await startRegistry({ bootstrap: fx.bootstrap.filter((_, i) => i !== fx.cluster.status().findIndex((b) => b.id === leader)), port: 0 });
    try {
      expect((await api('GET', '/subjects/events-value/versions', undefined, fresh.url)).body).toEqual([1, 2, 3]);
    } finally {
      await fresh.close();
    }
  });
});
