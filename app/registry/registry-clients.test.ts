// Confluent's protocol as serializers use it: @kafkajs/confluent-schema-registry registers, encodes and decodes
// Avro, Protobuf and JSON Schema against the embedded registry; our decodeConfluent/encodeConfluent read and
// write the same bytes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { decodeConfluent, encodeConfluent } from './index.ts';
import { call, registryFixture, type RegistryFixture } from './test-support.ts';

let fx: RegistryFixture;
let sr: SchemaRegistry;

beforeAll(async () => {
  fx = await registryFixture(1);
  sr = new SchemaRegistry({ host: fx.registry.url });
});
afterAll(async () => {
  await fx?.close();
});

const avroUser = JSON.stringify({ type: 'record', name: 'User', namespace: 'acme', fields: [{ name: 'id', type: 'long' }, { name: 'name', type: 'string' }, { name: 'email', type: ['null', 'string'], default: null }] });
const protoUser = 'syntax = "proto3";\npackage acme;\nmessage User {\n  int64 id = 1;\n  string name = 2;\n  repeated string tags = 3;\n}\n';
const jsonUser = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id', 'name'] });

describe('@kafkajs/confluent-schema-registry against the embedded registry', () => {
  it('Avro: registers (same id twice), encodes and decodes', async () => {
    const { id } = await sr.register({ type: SchemaType.AVRO, schema: avroUser }, { subject: 'users-avro-value' });
    expect(id).toBeGreaterThan(0);
    expect((await sr.register({ type: SchemaType.AVRO, schema: avroUser }, { subject: 'users-avro-value' })).id).toBe(id);
    const bytes = await sr.encode(id, { id: 7, name: 'Ada', email: 'ada@example.com' });
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);
    expect(await sr.decode(bytes)).toEqual({ id: 7, name: 'Ada', email: 'ada@example.com' });
    expect(await decodeConfluent(bytes, fx.registry.url)).toEqual({ subject: 'users-avro-value', version: 1, id, schemaType: 'AVRO', value: { id: 7, name: 'Ada', email: 'ada@example.com' } });
    const ours = await encodeConfluent('users-avro-value', { id: 8, name: 'Bo', email: null }, fx.registry.url);
    expect(await sr.decode(ours)).toEqual({ id: 8, name: 'Bo', email: null });
    expect(await sr.getLatestSchemaId('users-avro-value')).toBe(id);
  });

  it('Protobuf: registers, encodes and decodes', async () => {
    const { id } = await sr.register({ type: SchemaType.PROTOBUF, schema: protoUser }, { subject: 'users-proto-value' });
    const bytes = await sr.encode(id, { id: 3, name: 'Cy', tags: ['a', 'b'] });
    const decoded = (await sr.decode(bytes)) as { name: string; tags: string[] };
    expect(decoded.name).toBe('Cy');
    expect(decoded.tags).toEqual(['a', 'b']);
    expect(await decodeConfluent(bytes, fx.registry.url)).toMatchObject({ subject: 'users-proto-value', version: 1, schemaType: 'PROTOBUF', value: { id: '3', name: 'Cy', tags: ['a', 'b'] } });
    const ours = await encodeConfluent('users-proto-value', { id: 4, name: 'Di', tags: [] }, fx.registry.url);
    expect(ours.subarray(0, 6)).toEqual(Buffer.from([0, 0, 0, 0, id, 0]));
    expect(await decodeConfluent(ours, fx.registry.url)).toMatchObject({ value: { id: '4', name: 'Di' } });
    const stored = await call<{ schemaType: string; schema: string }>(fx.registry.url, 'GET', `/schemas/ids/${id}`);
    expect(stored.body.schemaType).toBe('PROTOBUF');
  });

  it('JSON Schema: registers, encodes (validating) and decodes', async () => {
    const { id } = await sr.register({ type: SchemaType.JSON, schema: jsonUser }, { subject: 'users-json-value' });
    const bytes = await sr.encode(id, { id: 1, name: 'Ed' });
    expect(await sr.decode(bytes)).toEqual({ id: 1, name: 'Ed' });
    await expect(sr.encode(id, { id: 'one' })).rejects.toThrow();
    expect(await decodeConfluent(bytes, fx.registry.url)).toEqual({ subject: 'users-json-value', version: 1, id, schemaType: 'JSON', value: { id: 1, name: 'Ed' } });
  });

  it('encodeConfluent names the field that does not match, and encodes nothing', async () => {
    await expect(encodeConfluent('users-avro-value', { id: 'x', name: 'Bo', email: null }, fx.registry.url)).rejects.toThrow(/\bid\b.*"x"/);
    await expect(encodeConfluent('users-proto-value', { id: 1, name: 5 }, fx.registry.url)).rejects.toThrow(/name/);
    await expect(encodeConfluent('users-json-value', { id: 1, name: 5 }, fx.registry.url)).rejects.toThrow(/name must be string/);
    await expect(encodeConfluent('no-such-subject', {}, fx.registry.url)).rejects.toThrow(/40401|not found/);
    await expect(decodeConfluent(Buffer.from('plain text'), fx.registry.url)).rejects.toThrow(/wire format/);
  });

  it('Avro with a reference to another subject', async () => {
    const address = JSON.stringify({ type: 'record', name: 'Address', namespace: 'acme', fields: [{ name: 'city', type: 'string' }] });
    await sr.register({ type: SchemaType.AVRO, schema: address }, { subject: 'address-value' });
    const customer = JSON.stringify({ type: 'record', name: 'Customer', namespace: 'acme', fields: [{ name: 'home', type: 'acme.Address' }] });
    const { id } = await sr.register({ type: SchemaType.AVRO, schema: customer, references: [{ name: 'acme.Address', subject: 'address-value', version: 1 }] }, { subject: 'customer-value' });
    const bytes = await sr.encode(id, { home: { city: 'Oslo' } });
    expect(await sr.decode(bytes)).toEqual({ home: { city: 'Oslo' } });
    expect(await decodeConfluent(bytes, fx.registry.url)).toMatchObject({ subject: 'customer-value', value: { home: { city: 'Oslo' } } });
  });

  it('Protobuf and JSON Schema with references', async () => {
    const money = 'syntax = "proto3";\npackage pay;\nmessage Money { int64 cents = 1; }\n';
    await sr.register({ type: SchemaType.PROTOBUF, schema: money }, { subject: 'money.proto' });
    const payment = 'syntax = "proto3";\npackage pay;\nimport "money.proto";\nmessage Payment { string id = 1; Money amount = 2; }\n';
    const { id } = await sr.register({ type: SchemaType.PROTOBUF, schema: payment, references: [{ name: 'money.proto', subject: 'money.proto', version: 1 }] }, { subject: 'payments-value' });
    const bytes = await encodeConfluent('payments-value', { id: 'p1', amount: { cents: 250 } }, fx.registry.url);
    expect(await decodeConfluent(bytes, fx.registry.url)).toMatchObject({ id, subject: 'payments-value', value: { id: 'p1', amount: { cents: '250' } } });

    // The client finds a referenced JSON schema by its $id: the reference name and the $id agree.
    const address = JSON.stringify({ $id: 'address.json', type: 'object', properties: { city: { type: 'string' } }, required: ['city'] });
    await sr.register({ type: SchemaType.JSON, schema: address }, { subject: 'address.json' });
    const person = JSON.stringify({ type: 'object', properties: { home: { $ref: 'address.json' } }, required: ['home'] });
    const person1 = await sr.register({ type: SchemaType.JSON, schema: person, references: [{ name: 'address.json', subject: 'address.json', version: 1 }] }, { subject: 'people-value' });
    const encoded = await encodeConfluent('people-value', { home: { city: 'Rome' } }, fx.registry.url);
    expect(await sr.decode(encoded)).toEqual({ home: { city: 'Rome' } });
    expect(encoded.readInt32BE(1)).toBe(person1.id);
    await expect(encodeConfluent('people-value', { home: {} }, fx.registry.url)).rejects.toThrow(/home must have required property 'city'/);
  });
});
