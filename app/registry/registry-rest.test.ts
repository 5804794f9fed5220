// The REST surface against a real cluster: every endpoint, every error code, and bad input refused with a
// clear error and nothing stored.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registryFixture, SR_JSON, type RegistryFixture } from './test-support.ts';

let fx: RegistryFixture;
type Body = Record<string, unknown>;
let api: (method: string, route: string, body?: unknown, contentType?: string) => Promise<{ status: number; body: Body }>;

beforeAll(async () => {
  fx = await registryFixture(1);
  api = (method, route, body, contentType) => call<Body>(fx.registry.url, method, route, body, contentType);
});
afterAll(async () => {
  await fx?.close();
});

const record = (fields: object[], name = 'Order') => JSON.stringify({ type: 'record', name, namespace: 'shop', fields });
const V1 = record([{ name: 'id', type: 'string' }]);
const V2 = record([{ name: 'id', type: 'string' }, { name: 'qty', type: 'int', default: 1 }]);
const INCOMPATIBLE = record([{ name: 'id', type: 'string' }, { name: 'total', type: 'double' }]);

describe('subjects and versions', () => {
  it('registers, reuses ids and numbers versions', async () => {
    expect(await api('GET', '/')).toEqual({ status: 200, body: {} });
    expect(await api('GET', '/schemas/types')).toEqual({ status: 200, body: ['JSON', 'PROTOBUF', 'AVRO'] });
    const first = await api('POST', '/subjects/orders-value/versions', { schema: V1 });
    expect(first.status).toBe(200);
    const id1 = first.body.id as number;
    // The same schema (other whitespace) again: the same id, no new version.
    expect((await api('POST', '/subjects/orders-value/versions', { schema: JSON.stringify(JSON.parse(V1), null, 2) })).body).toEqual({ id: id1 });
    const id2 = (await api('POST', '/subjects/orders-value/versions', { schema: V2, schemaType: 'AVRO' })).body.id;
    expect(id2).toBe(id1 + 1);
    // The same schema under another subject: the same id.
    expect((await api('POST', '/subjects/orders-copy/versions', { schema: V1 })).body).toEqual({ id: id1 });

    expect((await api('GET', '/subjects')).body).toEqual(['orders-copy', 'orders-value']);
    expect((await api('GET', '/subjects/orders-value/versions')).body).toEqual([1, 2]);
    expect((await api('GET', '/subjects/orders-value/versions/1')).body).toEqual({ subject: 'orders-value', version: 1, id: id1, schema: V1 });
    expect((await api('GET', '/subjects/orders-value/versions/latest')).body).toMatchObject({ version: 2, id: id2 });
    expect((await api('GET', '/subjects/orders-value/versions/-1')).body).toMatchObject({ version: 2 });
    expect((await api('GET', '/subjects/orders-value/versions/2/schema')).body).toEqual(JSON.parse(V2));
    expect((await api('POST', '/subjects/orders-value', { schema: V2 })).body).toEqual({ subject: 'orders-value', version: 2, id: id2, schema: V2 });

    expect((await api('GET', `/schemas/ids/${id1}`)).body).toEqual({ schema: V1 });
    expect((await api('GET', `/schemas/ids/${id1}?subject=orders-value`)).body).toEqual({ schema: V1 });
    expect((await api('GET', `/schemas/ids/${id1}/schema`)).body).toEqual(JSON.parse(V1));
    expect((await api('GET', `/schemas/ids/${id1}/subjects`)).body).toEqual(['orders-copy', 'orders-value']);
    expect((await api('GET', `/schemas/ids/${id1}/versions`)).body).toEqual([{ subject: 'orders-copy', version: 1 }, { subject: 'orders-value', version: 1 }]);
  });

  it('answers lookups and reads with Confluent error codes', async () => {
    expect(await api('GET', '/subjects/nope/versions')).toEqual({ status: 404, body: { error_code: 40401, message: "Subject 'nope' not found." } });
    expect((await api('GET', '/subjects/nope/versions/1')).body).toMatchObject({ error_code: 40401 });
    expect(await api('GET', '/subjects/orders-value/versions/9')).toEqual({ status: 404, body: { error_code: 40402, message: 'Version 9 not found.' } });
    expect(await api('GET', '/schemas/ids/999')).toEqual({ status: 404, body: { error_code: 40403, message: 'Schema 999 not found' } });
    expect((await api('POST', '/subjects/orders-value', { schema: INCOMPATIBLE })).body).toMatchObject({ error_code: 40403 });
    expect((await api('POST', '/subjects/nope', { schema: V1 })).body).toMatchObject({ error_code: 40401 });
    for (const bad of ['0', 'abc', '2147483648', '1.5']) {
      const r = await api('GET', `/subjects/orders-value/versions/${bad}`);
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error_code: 42202 });
    }
    expect(await api('GET', '/no/such/path')).toEqual({ status: 404, body: { error_code: 404, message: 'HTTP 404 Not Found' } });
    expect((await api('PATCH', '/subjects')).body).toEqual({ error_code: 405, message: 'HTTP 405 Method Not Allowed' });
  });

  it('refuses an incompatible schema with 409 and says why', async () => {
    const r = await api('POST', '/subjects/orders-value/versions', { schema: INCOMPATIBLE });
    expect(r.status).toBe(409);
    expect(r.body.error_code).toBe(409);
    expect(r.body.message).toMatch(/incompatible with an earlier schema for subject "orders-value".*total/);
    expect((await api('GET', '/subjects/orders-value/versions')).body).toEqual([1, 2]);

    expect((await api('POST', '/compatibility/subjects/orders-value/versions/latest', { schema: INCOMPATIBLE })).body).toEqual({ is_compatible: false });
    const verbose = await api('POST', '/compatibility/subjects/orders-value/versions/latest?verbose=true', { schema: INCOMPATIBLE });
    expect(verbose.body.is_compatible).toBe(false);
    expect((verbose.body.messages as string[]).join()).toContain('total');
    expect((await api('POST', '/compatibility/subjects/orders-value/versions', { schema: V2 })).body).toEqual({ is_compatible: true });
    expect((await api('POST', '/compatibility/subjects/orders-value/versions/1?verbose=true', { schema: V2 })).body).toEqual({ is_compatible: true, messages: [] });
    expect((await api('POST', '/compatibility/subjects/nope/versions/1', { schema: V2 })).body).toMatchObject({ error_code: 40401 });
    expect((await api('POST', '/compatibility/subjects/orders-value/versions/7', { schema: V2 })).body).toMatchObject({ error_code: 40402 });
    expect((await api('POST', '/compatibility/subjects/nope/versions', { schema: V2 })).body).toEqual({ is_compatible: true });
  });

  it('soft-deletes and permanently deletes versions and subjects', async () => {
    await api('POST', '/subjects/tmp/versions', { schema: V1 });
    await api('POST', '/subjects/tmp/versions', { schema: V2 });
    expect(await api('DELETE', '/subjects/tmp/versions/1?permanent=true')).toEqual({ status: 404, body: { error_code: 40407, message: "Subject 'tmp' Version 1 was not deleted first before being permanently deleted" } });
    expect((await api('DELETE', '/subjects/tmp/versions/1')).body).toBe(1);
    expect((await api('DELETE', '/subjects/tmp/versions/1')).body).toMatchObject({ error_code: 40406 });
    expect((await api('GET', '/subjects/tmp/versions')).body).toEqual([2]);
    expect((await api('GET', '/subjects/tmp/versions?deleted=true')).body).toEqual([1, 2]);
    expect((await api('GET', '/subjects/tmp/versions/1')).body).toMatchObject({ error_code: 40402 });
    expect((await api('GET', '/subjects/tmp/versions/1?deleted=true')).body).toMatchObject({ version: 1 });
    expect((await api('DELETE', '/subjects/tmp/versions/1?permanent=true')).body).toBe(1);
    expect((await api('GET', '/subjects/tmp/versions?deleted=true')).body).toEqual([2]);

    expect(await api('DELETE', '/subjects/tmp?permanent=true')).toEqual({ status: 404, body: { error_code: 40405, message: "Subject 'tmp' was not deleted first before being permanently deleted" } });
    expect((await api('DELETE', '/subjects/tmp')).body).toEqual([2]);
    expect((await api('DELETE', '/subjects/tmp')).body).toMatchObject({ error_code: 40404 });
    expect((await api('GET', '/subjects')).body).not.toContain('tmp');
    expect((await api('GET', '/subjects?deleted=true')).body).toContain('tmp');
    expect((await api('GET', '/subjects/tmp/versions')).body).toMatchObject({ error_code: 40401 });
    expect((await api('DELETE', '/subjects/tmp?permanent=true')).body).toEqual([2]);
    expect((await api('GET', '/subjects?deleted=true')).body).not.toContain('tmp');
    expect((await api('DELETE', '/subjects/tmp')).body).toMatchObject({ error_code: 40401 });
    // Registering again starts at version 1; a new schema never reuses an id.
    const again = await api('POST', '/subjects/tmp/versions', { schema: record([{ name: 'x', type: 'int' }], 'Fresh') });
    expect(again.body.id).toBeGreaterThan(2);
    expect((await api('GET', '/subjects/tmp/versions')).body).toEqual([1]);
  });

  it('keeps referenced schemas from being deleted and lists who refers to them', async () => {
    const address = record([{ name: 'city', type: 'string' }], 'Address');
    await api('POST', '/subjects/address/versions', { schema: address });
    const user = record([{ name: 'home', type: 'shop.Address' }], 'User');
    const { body } = await api('POST', '/subjects/user/versions', { schema: user, references: [{ name: 'shop.Address', subject: 'address', version: 1 }] });
    expect((await api('GET', '/subjects/address/versions/1/referencedby')).body).toEqual([body.id]);
    expect((await api('GET', '/subjects/user/versions/1')).body).toMatchObject({ references: [{ name: 'shop.Address', subject: 'address', version: 1 }] });
    expect((await api('GET', `/schemas/ids/${body.id}`)).body).toMatchObject({ references: [{ name: 'shop.Address', subject: 'address', version: 1 }] });
    expect(await api('DELETE', '/subjects/address/versions/1')).toEqual({ status: 422, body: { error_code: 42206, message: 'One or more references exist to the schema {subject=address, version=1}' } });
    expect((await api('DELETE', '/subjects/address')).body).toMatchObject({ error_code: 42206 });
  });
});

describe('Protobuf and JSON Schema over REST', () => {
  it('registers Protobuf with an imported file as a reference, and checks field numbers', async () => {
    const money = 'syntax = "proto3";\npackage pay;\nmessage Money { int64 cents = 1; string currency = 2; }\n';
    await api('POST', '/subjects/money.proto/versions', { schemaType: 'PROTOBUF', schema: money });
    const payment = 'syntax = "proto3";\npackage pay;\nimport "money.proto";\nmessage Payment { string id = 1; Money amount = 2; }\n';
    const refs = [{ name: 'money.proto', subject: 'money.proto', version: 1 }];
    const { body } = await api('POST', '/subjects/payments-value/versions', { schemaType: 'PROTOBUF', schema: payment, references: refs });
    expect(body.id).toEqual(expect.any(Number));
    expect((await api('GET', '/subjects/payments-value/versions/1/schema')).body).toBe(payment);
    expect((await api('POST', '/subjects/payments-value', { schemaType: 'PROTOBUF', schema: payment.replace(/\n/g, '\n\n'), references: refs })).body).toMatchObject({ version: 1, id: body.id });
    // Without the reference the import cannot be resolved.
    expect((await api('POST', '/subjects/payments-value/versions', { schemaType: 'PROTOBUF', schema: payment })).body).toMatchObject({ error_code: 42201, message: expect.stringContaining('money.proto') });
    const reused = payment.replace('Money amount = 2', 'string amount = 2');
    const r = await api('POST', '/subjects/payments-value/versions', { schemaType: 'PROTOBUF', schema: reused, references: refs });
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('FIELD_KIND_CHANGED');
  });

  it('registers JSON Schema with a $ref to another subject, and refuses a narrowed type', async () => {
    const address = JSON.stringify({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] });
    await api('POST', '/subjects/address.json/versions', { schemaType: 'JSON', schema: address });
    const person = JSON.stringify({ type: 'object', properties: { name: { type: 'string' }, home: { $ref: 'address.json' } } });
    const refs = [{ name: 'address.json', subject: 'address.json', version: 1 }];
    const { body } = await api('POST', '/subjects/people-value/versions', { schemaType: 'JSON', schema: person, references: refs });
    expect((await api('GET', `/schemas/ids/${body.id}`)).body).toEqual({ schemaType: 'JSON', references: refs, schema: person });
    const narrowed = JSON.stringify({ type: 'object', properties: { name: { type: 'integer' }, home: { $ref: 'address.json' } } });
    const r = await api('POST', '/subjects/people-value/versions', { schemaType: 'JSON', schema: narrowed, references: refs });
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('TYPE_NARROWED at #/properties/name');
    expect((await api('POST', '/subjects/people-value/versions', { schemaType: 'JSON', schema: person, references: [{ name: 'address.json', subject: 'address.json', version: 2 }] })).body).toMatchObject({ error_code: 42201 });
  });
});

describe('config and mode', () => {
  it('reads and changes compatibility, globally and per subject', async () => {
    expect((await api('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect(await api('GET', '/config/orders-value')).toEqual({ status: 404, body: { error_code: 40408, message: "Subject 'orders-value' does not have subject-level compatibility configured" } });
    expect((await api('GET', '/config/orders-value?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await api('PUT', '/config/orders-value', { compatibility: 'none' })).body).toEqual({ compatibility: 'NONE' });
    expect((await api('GET', '/config/orders-value')).body).toEqual({ compatibilityLevel: 'NONE' });
    // Under NONE the schema refused before is accepted.
    expect((await api('POST', '/subjects/orders-value/versions', { schema: INCOMPATIBLE })).status).toBe(200);
    expect((await api('DELETE', '/config/orders-value')).body).toEqual({ compatibilityLevel: 'NONE' });
    expect((await api('GET', '/config/orders-value')).body).toMatchObject({ error_code: 40408 });
    const bad = await api('PUT', '/config', { compatibility: 'SIDEWAYS' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error_code: 42203 });
    expect((await api('PUT', '/config', { compatibility: 'FULL_TRANSITIVE' })).body).toEqual({ compatibility: 'FULL_TRANSITIVE' });
    expect((await api('GET', '/config')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect((await api('DELETE', '/config')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect((await api('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('refuses writes in READONLY, imports ids in IMPORT', async () => {
    expect((await api('GET', '/mode')).body).toEqual({ mode: 'READWRITE' });
    expect((await api('GET', '/mode/orders-value')).body).toMatchObject({ error_code: 40409 });
    expect((await api('PUT', '/mode/orders-value', { mode: 'READONLY' })).body).toEqual({ mode: 'READONLY' });
    expect((await api('GET', '/mode/orders-value')).body).toEqual({ mode: 'READONLY' });
    expect((await api('GET', '/mode/other?defaultToGlobal=true')).body).toEqual({ mode: 'READWRITE' });
    const refused = await api('POST', '/subjects/orders-value/versions', { schema: V1 + ' ' });
    expect(refused).toEqual({ status: 422, body: { error_code: 42205, message: 'Subject orders-value is in read-only mode' } });
    expect((await api('DELETE', '/subjects/orders-value/versions/1')).body).toMatchObject({ error_code: 42205 });
    expect((await api('DELETE', '/mode/orders-value')).body).toEqual({ mode: 'READONLY' });
    expect((await api('PUT', '/mode', { mode: 'SOMETIMES' })).body).toMatchObject({ error_code: 42204 });

    // IMPORT needs an empty registry (or force) and keeps the ids it is given.
    expect((await api('PUT', '/mode', { mode: 'IMPORT' })).body).toMatchObject({ error_code: 42205 });
    expect((await api('POST', '/subjects/imp/versions', { schema: V1, id: 500, version: 3 })).body).toMatchObject({ error_code: 42205, message: 'Subject imp is not in import mode' });
    expect((await api('PUT', '/mode/imp', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });
    expect((await api('POST', '/subjects/imp/versions', { schema: record([{ name: 'i', type: 'int' }], 'Imported'), id: 500, version: 3 })).body).toEqual({ id: 500 });
    expect((await api('GET', '/subjects/imp/versions/3')).body).toMatchObject({ id: 500, version: 3 });
    expect((await api('POST', '/subjects/imp/versions', { schema: V2, id: 500, version: 4 })).body).toMatchObject({ error_code: 42207 });
    await api('PUT', '/mode/imp', { mode: 'READWRITE' });
    // The next id follows the highest one seen.
    expect((await api('POST', '/subjects/after-import/versions', { schema: record([{ name: 'z', type: 'int' }], 'After') })).body).toEqual({ id: 501 });
  });
});

describe('bad input', () => {
  const storedBefore = async () => JSON.stringify([(await api('GET', '/subjects?deleted=true')).body, (await api('GET', '/schemas/ids/1')).body]);

  it('refuses malformed schemas, unknown references and types with 42201, storing nothing', async () => {
    const before = await storedBefore();
    const cases: [object, RegExp][] = [
      [{ schema: '{"type": "record", "name": "X", "fields": [{"name": "a", "type": "nope"}]}' }, /nope/],
      [{ schema: '{not json' }, /not valid JSON/],
      [{ schema: '' }, /no schema/],
      [{}, /no schema/],
      [{ schema: 'syntax = "proto3"; message X { int32 a = ; }', schemaType: 'PROTOBUF' }, /PROTOBUF schema/],
      [{ schema: '{"type": 12}', schemaType: 'JSON' }, /JSON schema/],
      [{ schema: V1, schemaType: 'XML' }, /unknown schema type 'XML'/],
      [{ schema: record([{ name: 'a', type: 'shop.Missing' }]), references: [{ name: 'shop.Missing', subject: 'ghost', version: 1 }] }, /reference 'shop.Missing' names subject 'ghost' version 1, which does not exist/],
      [{ schema: V1, references: [{ name: 'x' }] }, /must have a name, a subject and a version/],
    ];
    for (const [body, why] of cases) {
      const r = await api('POST', '/subjects/bad/versions', body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error_code).toBe(42201);
      expect(r.body.message).toMatch(why);
    }
    expect(await storedBefore()).toBe(before);
  });

  it('refuses other content types (415), bodies that are not JSON (400) and huge bodies (413)', async () => {
    const before = await storedBefore();
    expect(await api('POST', '/subjects/bad/versions', JSON.stringify({ schema: V1 }), 'text/plain')).toEqual({ status: 415, body: { error_code: 415, message: 'HTTP 415 Unsupported Media Type' } });
    expect(await api('POST', '/subjects/bad/versions', 'schema=x', 'application/x-www-form-urlencoded')).toMatchObject({ status: 415 });
    expect((await api('POST', '/subjects/bad/versions', JSON.stringify({ schema: V1 }), 'application/json')).status).toBe(200);
    expect((await api('POST', '/subjects/bad2/versions', JSON.stringify({ schema: V1 }), 'application/vnd.schemaregistry+json')).status).toBe(200);
    const notJson = await api('POST', '/subjects/bad/versions', '{"schema":', SR_JSON);
    expect(notJson.status).toBe(400);
    expect(notJson.body.message).toMatch(/not valid JSON/);
    const huge = await api('POST', '/subjects/huge/versions', JSON.stringify({ schema: JSON.stringify({ type: 'string', doc: 'x'.repeat(17 * 1024 * 1024) }) }));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error_code: 413, message: expect.stringMatching(/larger than the limit of 16777216 bytes/) });
    const after = JSON.parse(await storedBefore()) as [string[]];
    expect(after[0]).not.toContain('huge');
    expect(after[0].filter((s) => !(JSON.parse(before) as [string[]])[0].includes(s)).sort()).toEqual(['bad', 'bad2']);
  });
});
