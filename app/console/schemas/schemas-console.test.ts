// The console with the embedded Schema Registry, on a real local cluster: records written by
// @kafkajs/confluent-schema-registry (Avro, Protobuf, JSON Schema) come back decoded from browse and search,
// the produce form encodes with a subject's schema (refusing what does not match, sending nothing), and the
// Schemas screen's methods check, register, set levels and delete.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startRegistry, type Registry } from '../../registry/index.ts';
import type { CompatibilityReport, ConsumedRecord, MessagePage, SchemaRegistryOverview, SearchProgressEvent, SubjectDetail } from '../../contract.ts';
import { startBackend, type Backend } from '../service/start.ts';
import { consoleCaller } from '../service/test-support.ts';

let backend: Backend;
let registry: Registry;
let sr: SchemaRegistry;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-schemas-'));
const { call, ok } = consoleCaller(() => backend);

const avroOrder = JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'long' }, { name: 'item', type: 'string' }, { name: 'amount', type: 'double' }] });
const protoOrder = 'syntax = "proto3";\npackage shop;\nmessage Order {\n  int64 id = 1;\n  string item = 2;\n}\n';
const jsonOrder = JSON.stringify({ type: 'object', properties: { id: { type: 'integer' }, item: { type: 'string' } }, required: ['id', 'item'] });

beforeAll(async () => {
  backend = await startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 1, basePort: 0, host: 'web', version: 'test' });
  registry = await startRegistry({ bootstrap: backend.cluster.bootstrapServers.split(','), port: 0 });
  backend.console.setLocalRegistry(registry.url);
  sr = new SchemaRegistry({ host: registry.url });
  await ok('topics.create', { name: 'orders', partitions: 1, replicationFactor: 1, configs: {} });
  const kafka = new kafkajs.Kafka({ brokers: backend.cluster.bootstrapServers.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const avro = await sr.register({ type: SchemaType.AVRO, schema: avroOrder }, { subject: 'orders-avro-value' });
  const proto = await sr.register({ type: SchemaType.PROTOBUF, schema: protoOrder }, { subject: 'orders-proto-value' });
  const json = await sr.register({ type: SchemaType.JSON, schema: jsonOrder }, { subject: 'orders-json-value' });
  await producer.send({
    topic: 'orders',
    messages: [
      { key: 'a', value: await sr.encode(avro.id, { id: 1, item: 'kettle', amount: 19.5 }) },
      { key: 'p', value: await sr.encode(proto.id, { id: 2, item: 'teapot' }) },
      { key: 'j', value: await sr.encode(json.id, { id: 3, item: 'mug' }) },
      { key: 't', value: 'plain text, no schema' },
    ],
  });
  await producer.disconnect();
});
afterAll(async () => {
  await backend?.stop();
  await registry?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function searchAll(req: object): Promise<SearchProgressEvent[]> {
  const events: SearchProgressEvent[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const off = backend.console.onEvent((e, p) => {
    if (e !== 'search.progress') return;
    events.push(p as SearchProgressEvent);
    if ((p as SearchProgressEvent).done) done();
  });
  await ok('search.start', { topic: 'orders', ...req });
  await finished;
  off();
  return events;
}

describe('records in the Confluent wire format', () => {
  it('browse decodes Avro, Protobuf and JSON Schema values and names subject and version', async () => {
    const page = await ok<MessagePage>('messages.browse', { topic: 'orders', partition: 0, offset: 0, limit: 10 });
    const d = page.records.map((r) => r.decoded);
    expect(d[0]).toMatchObject({ subject: 'orders-avro-value', version: 1, schemaType: 'AVRO' });
    expect(JSON.parse(d[0]!.json!)).toEqual({ id: 1, item: 'kettle', amount: 19.5 });
    expect(d[1]).toMatchObject({ subject: 'orders-proto-value', version: 1, schemaType: 'PROTOBUF' });
    expect(JSON.parse(d[1]!.json!)).toEqual({ id: '2', item: 'teapot' });
    expect(d[2]).toMatchObject({ subject: 'orders-json-value', version: 1, schemaType: 'JSON' });
    expect(JSON.parse(d[2]!.json!)).toEqual({ id: 3, item: 'mug' });
    expect(d[3]).toBeUndefined();
  });

  it('search filters on decoded fields: contains, regex and the predicate see the decoded JSON', async () => {
    const matched = (events: SearchProgressEvent[]) => events.flatMap((e) => e.records as ConsumedRecord[]).map((r) => r.offset);
    expect(matched(await searchAll({ valueContains: '"item":"teapot"' }))).toEqual([1]);
    expect(matched(await searchAll({ predicate: 'r.json && r.json.amount > 10' }))).toEqual([0]);
    expect(matched(await searchAll({ regex: 'mug|kettle' }))).toEqual([0, 2]);
    const hit = (await searchAll({ valueContains: 'mug' })).flatMap((e) => e.records)[0];
    expect(hit.decoded).toMatchObject({ subject: 'orders-json-value', version: 1 });
  });

  it('produce encodes with a subject version so serializers read it; a mismatch names the field and sends nothing', async () => {
    const before = await ok<MessagePage>('messages.browse', { topic: 'orders', partition: 0, offset: 0, limit: 100 });
    const bad = await call('messages.produce', { topic: 'orders', partition: 0, key: null, value: JSON.stringify({ id: 9, item: 'lamp', amount: 'cheap' }), format: 'json', headers: [], valueSchema: { subject: 'orders-avro-value', version: 1 } });
    expect(bad).toMatchObject({ ok: false, error: { name: 'SCHEMA_MISMATCH', field: 'amount' } });
    expect(!bad.ok && bad.error.message).toContain("field 'amount' must be double (got \"cheap\")");
    const missing = await call('messages.produce', { topic: 'orders', partition: 0, key: null, value: JSON.stringify({ id: 9 }), format: 'json', headers: [], valueSchema: { subject: 'orders-json-value', version: null } });
    expect(missing).toMatchObject({ ok: false, error: { name: 'SCHEMA_MISMATCH', field: 'item' } });
    const notJson = await call('messages.produce', { topic: 'orders', partition: 0, key: null, value: '{id:', format: 'text', headers: [], valueSchema: { subject: 'orders-json-value', version: null } });
    expect(notJson).toMatchObject({ ok: false, error: { name: 'INVALID_JSON' } });
    const noSubject = await call('messages.produce', { topic: 'orders', partition: 0, key: null, value: '{}', format: 'json', headers: [], valueSchema: { subject: 'nope', version: null } });
    expect(noSubject).toMatchObject({ ok: false, error: { name: 'SUBJECT_NOT_FOUND' } });
    const after = await ok<MessagePage>('messages.browse', { topic: 'orders', partition: 0, offset: 0, limit: 100 });
    expect(after.highWatermark).toBe(before.highWatermark);

    const r = await ok<{ offset: number }>('messages.produce', { topic: 'orders', partition: 0, key: null, value: JSON.stringify({ id: 10, item: 'lamp', amount: 5 }), format: 'json', headers: [], valueSchema: { subject: 'orders-avro-value', version: null } });
    const proto = await ok<{ offset: number }>('messages.produce', { topic: 'orders', partition: 0, key: null, value: JSON.stringify({ id: 11, item: 'cup' }), format: 'json', headers: [], valueSchema: { subject: 'orders-proto-value', version: 1 } });
    const page = await ok<MessagePage>('messages.browse', { topic: 'orders', partition: 0, offset: r.offset, limit: 2 });
    expect(await sr.decode(Buffer.from(page.records[0].value!, 'base64'))).toEqual({ id: 10, item: 'lamp', amount: 5 });
    expect(proto.offset).toBe(r.offset + 1);
    expect(JSON.parse(page.records[1].decoded!.json!)).toEqual({ id: '11', item: 'cup' });
  });

  it('the live tail carries decoded values', async () => {
    const got = new Promise<ConsumedRecord>((resolve) => {
      const off = backend.console.onEvent((e, p) => {
        const r = e === 'tail.records' ? (p as { records: ConsumedRecord[] }).records.find((x) => x.decoded) : undefined;
        if (r) {
          off();
          resolve(r);
        }
      });
    });
    const { subscriptionId } = await ok<{ subscriptionId: string }>('tail.start', { topic: 'orders', partition: 0 });
    await ok('messages.produce', { topic: 'orders', partition: 0, key: null, value: JSON.stringify({ id: 12, item: 'tray' }), format: 'json', headers: [], valueSchema: { subject: 'orders-json-value', version: 1 } });
    const r = await got;
    await ok('tail.stop', { subscriptionId });
    expect(r.decoded).toMatchObject({ subject: 'orders-json-value', version: 1, schemaType: 'JSON' });
    expect(JSON.parse(r.decoded!.json!)).toEqual({ id: 12, item: 'tray' });
  });

  it('the generator refuses a template whose first record does not match, and encodes the rest', async () => {
    const template = { name: 't', key: null, value: '{"id": {{seq}}, "item": "x{{seq}}"}', headers: [], format: 'json' };
    const bad = await call('producer.start', { topic: 'orders', partition: 0, template: { ...template, value: '{"id": "one"}' }, count: 3, ratePerSec: 0, compression: 'none', acks: -1, valueSchema: { subject: 'orders-json-value', version: null } });
    expect(bad).toMatchObject({ ok: false, error: { name: 'SCHEMA_MISMATCH' } });
    const before = await ok<MessagePage>('messages.browse', { topic: 'orders', partition: 0, offset: 0, limit: 1 });
    let done!: (e: { sent: number; error?: unknown }) => void;
    const finished = new Promise<{ sent: number; error?: unknown }>((r) => (done = r));
    const off = backend.console.onEvent((e, p) => {
      if (e === 'producer.progress' && (p as { done: boolean }).done) done(p as { sent: number });
    });
    await ok('producer.start', { topic: 'orders', partition: 0, template, count: 3, ratePerSec: 0, compression: 'none', acks: -1, valueSchema: { subject: 'orders-json-value', version: null } });
    const end = await finished;
    off();
    expect(end).toMatchObject({ sent: 3 });
    expect(end.error).toBeUndefined();
    const page = await ok<MessagePage>('messages.browse', { topic: 'orders', partition: 0, offset: before.highWatermark, limit: 3 });
    expect(await Promise.all(page.records.map((x) => sr.decode(Buffer.from(x.value!, 'base64'))))).toEqual([{ id: 1, item: 'x1' }, { id: 2, item: 'x2' }, { id: 3, item: 'x3' }]);
  });
});

describe('the Schemas screen', () => {
  it('lists subjects with type, latest version and levels', async () => {
    const o = await ok<SchemaRegistryOverview>('schemas.subjects', {});
    expect(o.url).toBe(registry.url);
    expect(o.globalCompatibility).toBe('BACKWARD');
    expect(o.subjects.map((s) => [s.subject, s.schemaType, s.latestVersion])).toEqual([
      ['orders-avro-value', 'AVRO', 1], ['orders-json-value', 'JSON', 1], ['orders-proto-value', 'PROTOBUF', 1],
    ]);
  });

  it('checks before saving: an incompatible version gets the checker message and is not registered', async () => {
    const v2 = JSON.stringify({ ...JSON.parse(avroOrder), fields: [...JSON.parse(avroOrder).fields, { name: 'note', type: 'string' }] });
    const report = await ok<CompatibilityReport>('schemas.check', { subject: 'orders-avro-value', schemaType: 'AVRO', schema: v2 });
    expect(report).toMatchObject({ valid: true, compatible: false, level: 'BACKWARD' });
    expect(report.messages.join(' ')).toContain('note');
    expect(await call('schemas.register', { subject: 'orders-avro-value', schemaType: 'AVRO', schema: v2 })).toMatchObject({ ok: false, error: { name: 'INCOMPATIBLE_SCHEMA' } });
    const broken = await ok<CompatibilityReport>('schemas.check', { subject: 'orders-avro-value', schemaType: 'AVRO', schema: '{"type": "record"' });
    expect(broken).toMatchObject({ valid: false, compatible: false });
    const fine = JSON.stringify({ ...JSON.parse(avroOrder), fields: [...JSON.parse(avroOrder).fields, { name: 'note', type: 'string', default: '' }] });
    expect(await ok<CompatibilityReport>('schemas.check', { subject: 'orders-avro-value', schemaType: 'AVRO', schema: fine })).toMatchObject({ compatible: true, messages: [] });
    expect(await ok('schemas.register', { subject: 'orders-avro-value', schemaType: 'AVRO', schema: fine })).toMatchObject({ version: 2 });
    const detail = await ok<SubjectDetail>('schemas.subject', { subject: 'orders-avro-value' });
    expect(detail.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(detail.versions[1].schema).toContain('note');
  });

  it('sets the level per subject and globally, and the subject follows the global one again when cleared', async () => {
    await ok('schemas.setCompatibility', { subject: 'orders-avro-value', level: 'NONE' });
    expect(await ok<SubjectDetail>('schemas.subject', { subject: 'orders-avro-value' })).toMatchObject({ compatibility: 'NONE', effectiveCompatibility: 'NONE' });
    const v3 = JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'sku', type: 'int' }] });
    expect(await ok<CompatibilityReport>('schemas.check', { subject: 'orders-avro-value', schemaType: 'AVRO', schema: v3 })).toMatchObject({ compatible: true, level: 'NONE' });
    await ok('schemas.setCompatibility', { subject: null, level: 'FULL' });
    await ok('schemas.setCompatibility', { subject: 'orders-avro-value', level: null });
    expect(await ok<SubjectDetail>('schemas.subject', { subject: 'orders-avro-value' })).toMatchObject({ compatibility: null, effectiveCompatibility: 'FULL' });
    expect(await call('schemas.setCompatibility', { subject: null, level: 'SIDEWAYS' })).toMatchObject({ ok: false, error: { name: 'INVALID_REQUEST' } });
    await ok('schemas.setCompatibility', { subject: null, level: 'BACKWARD' });
  });

  it('deletes softly (listed as deleted when asked) and permanently', async () => {
    await ok('schemas.delete', { subject: 'orders-avro-value', version: 2, permanent: false });
    const d = await ok<SubjectDetail>('schemas.subject', { subject: 'orders-avro-value' });
    expect(d.versions.map((v) => [v.version, v.deleted])).toEqual([[1, false], [2, true]]);
    await ok('schemas.delete', { subject: 'orders-avro-value', version: 2, permanent: true });
    expect((await ok<SubjectDetail>('schemas.subject', { subject: 'orders-avro-value' })).versions.map((v) => v.version)).toEqual([1]);
    await ok('schemas.delete', { subject: 'orders-json-value', version: null, permanent: false });
    expect((await ok<SchemaRegistryOverview>('schemas.subjects', {})).subjects.map((s) => s.subject)).not.toContain('orders-json-value');
    const withDeleted = await ok<SchemaRegistryOverview>('schemas.subjects', { includeDeleted: true });
    expect(withDeleted.subjects.find((s) => s.subject === 'orders-json-value')).toMatchObject({ deleted: true });
    await ok('schemas.delete', { subject: 'orders-json-value', version: null, permanent: true });
    expect((await ok<SchemaRegistryOverview>('schemas.subjects', { includeDeleted: true })).subjects.map((s) => s.subject)).not.toContain('orders-json-value');
  });
});

describe('an external connection names its registry', () => {
  it('saves the URL and credentials (never sent back), validates them, and a connection without one has no registry', async () => {
    const bootstrap = backend.cluster.bootstrapServers;
    const bad = await call('connections.save', { id: '', name: 'ext', bootstrapServers: bootstrap, sasl: null, tls: false, schemaRegistry: { url: 'ftp://x', username: '', password: '', token: '' } });
    expect(bad).toMatchObject({ ok: false, error: { name: 'INVALID_REQUEST' } });
    const saved = await ok<{ connections: { id: string; name: string; schemaRegistry: unknown }[] }>('connections.save', {
      id: '', name: 'ext', bootstrapServers: bootstrap, sasl: null, tls: false, schemaRegistry: { url: `${registry.url}/`, username: 'sr-user', password: 'sr-secret', token: '' },
    });
    const ext = saved.connections.find((c) => c.name === 'ext')!;
    expect(ext.schemaRegistry).toEqual({ url: registry.url, username: 'sr-user', password: '', token: '' });
    await ok('connections.use', { id: ext.id });
    // Our registry ignores the credentials; what matters is that decoding goes through the named one.
    const page = await ok<MessagePage>('messages.browse', { topic: 'orders', partition: 0, offset: 0, limit: 1 });
    expect(page.records[0].decoded).toMatchObject({ subject: 'orders-avro-value' });
    const none = await ok<{ connections: { id: string; name: string }[] }>('connections.save', { id: ext.id, name: 'ext', bootstrapServers: bootstrap, sasl: null, tls: false, schemaRegistry: null });
    expect(none.connections.find((c) => c.id === ext.id)).toMatchObject({ schemaRegistry: null });
    const plain = await ok<MessagePage>('messages.browse', { topic: 'orders', partition: 0, offset: 0, limit: 1 });
    expect(plain.records[0].decoded).toBeUndefined();
    expect(await call('schemas.subject', { subject: 'orders-avro-value' })).toMatchObject({ ok: false, error: { name: 'NO_REGISTRY' } });
    await ok('connections.use', { id: 'local' });
  });
});
