// Compatibility matrices per schema type and level: pure, no cluster.

import { describe, expect, it } from 'vitest';
import { checkCompatibility, COMPATIBILITY_LEVELS, HANDLERS, type CompatibilityLevel } from './compatibility.ts';
import type { ParsedSchema, SchemaTypeName } from './types/schema-type.ts';

const parse = (type: SchemaTypeName, text: string, refs: { name: string; schema: string }[] = []): ParsedSchema => HANDLERS[type].parse(text, refs);

const avro = (fields: object[]) => parse('AVRO', JSON.stringify({ type: 'record', name: 'User', namespace: 'acme', fields }));
const A = {
  v1: avro([{ name: 'id', type: 'long' }]),
  addOptional: avro([{ name: 'id', type: 'long' }, { name: 'email', type: ['null', 'string'], default: null }]),
  addRequired: avro([{ name: 'id', type: 'long' }, { name: 'email', type: 'string' }]),
  widen: avro([{ name: 'id', type: 'double' }]),
  toString: avro([{ name: 'id', type: 'string' }]),
  enumAB: avro([{ name: 'id', type: 'long' }, { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] } }]),
  enumA: avro([{ name: 'id', type: 'long' }, { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A'] } }]),
  nullable: avro([{ name: 'id', type: ['null', 'long'] }]),
  renamed: parse('AVRO', JSON.stringify({ type: 'record', name: 'Person', namespace: 'acme', fields: [{ name: 'id', type: 'long' }] })),
  aliased: parse('AVRO', JSON.stringify({ type: 'record', name: 'Person', namespace: 'acme', aliases: ['acme.User'], fields: [{ name: 'id', type: 'long' }] })),
};

const proto = (body: string, pkg = 'acme') => parse('PROTOBUF', `syntax = "proto3";\npackage ${pkg};\n${body}`);
const P = {
  v1: proto('message User { int64 id = 1; string name = 2; }'),
  addField: proto('message User { int64 id = 1; string name = 2; string email = 3; }'),
  removeField: proto('message User { int64 id = 1; }'),
  compatibleScalar: proto('message User { uint64 id = 1; string name = 2; }'),
  changedScalar: proto('message User { string id = 1; string name = 2; }'),
  otherPackage: proto('message User { int64 id = 1; string name = 2; }', 'other'),
  extraMessage: proto('message User { int64 id = 1; string name = 2; }\nmessage Extra { int32 a = 1; }'),
  oneofMoved: proto('message User { oneof key { int64 id = 1; string name = 2; } }'),
  nested: proto('message User { int64 id = 1; string name = 2; Address home = 3; message Address { string city = 1; } }'),
  nestedChanged: proto('message User { int64 id = 1; string name = 2; Address home = 3; message Address { int32 city = 1; } }'),
  mapField: proto('message User { int64 id = 1; string name = 2; map<string, int32> scores = 4; }'),
  mapChanged: proto('message User { int64 id = 1; string name = 2; map<string, string> scores = 4; }'),
};
const proto2 = (body: string) => parse('PROTOBUF', `syntax = "proto2";\npackage acme;\n${body}`);
const P2 = {
  v1: proto2('message User { required int64 id = 1; }'),
  requiredAdded: proto2('message User { required int64 id = 1; required string name = 2; }'),
  requiredDropped: proto2('message User { optional int64 id = 1; }'),
};

const json = (schema: object) => parse('JSON', JSON.stringify(schema));
const J = {
  v1: json({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }),
  numberWidened: json({ type: 'object', properties: { id: { type: 'number' } }, required: ['id'] }),
  requiredAdded: json({ type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id', 'name'] }),
  closed: json({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'], additionalProperties: false }),
  closedWithName: json({ type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id'], additionalProperties: false }),
  enumAB: json({ type: 'string', enum: ['a', 'b'] }),
  enumA: json({ type: 'string', enum: ['a'] }),
};

// [description, old, new, levels under which registering `new` after `old` is allowed]
const B = ['BACKWARD', 'BACKWARD_TRANSITIVE'];
const F = ['FORWARD', 'FORWARD_TRANSITIVE'];
const FULL = ['FULL', 'FULL_TRANSITIVE'];
const ALL = [...B, ...F, ...FULL];
const cases: [string, ParsedSchema, ParsedSchema, string[]][] = [
  ['avro: same schema', A.v1, A.v1, ALL],
  ['avro: field with default added', A.v1, A.addOptional, ALL],
  ['avro: field without default added', A.v1, A.addRequired, F],
  ['avro: field without default removed', A.addRequired, A.v1, B],
  ['avro: long promoted to double', A.v1, A.widen, B],
  ['avro: long changed to string', A.v1, A.toString, []],
  ['avro: enum symbol removed', A.enumAB, A.enumA, F],
  ['avro: long made nullable', A.v1, A.nullable, B],
  ['avro: record renamed', A.v1, A.renamed, []],
  ['avro: record renamed with an alias', A.v1, A.aliased, B],
  ['protobuf: field added', P.v1, P.addField, ALL],
  ['protobuf: field removed', P.v1, P.removeField, ALL],
  ['protobuf: int64 -> uint64 (same wire type)', P.v1, P.compatibleScalar, ALL],
  ['protobuf: int64 -> string on the same number', P.v1, P.changedScalar, []],
  ['protobuf: package changed', P.v1, P.otherPackage, []],
  ['protobuf: message added (old readers lack it)', P.v1, P.extraMessage, B],
  ['protobuf: fields moved into a new oneof (new readers refuse old data)', P.v1, P.oneofMoved, F],
  ['protobuf: a nested message field changes type', P.nested, P.nestedChanged, []],
  ['protobuf: a map value type changes', P.mapField, P.mapChanged, []],
  ['protobuf (proto2): required field added (REQUIRED_FIELD_ADDED one way, _REMOVED the other)', P2.v1, P2.requiredAdded, []],
  ['protobuf (proto2): required becomes optional', P2.v1, P2.requiredDropped, []],
  ['json: integer widened to number', J.v1, J.numberWidened, B],
  ['json: required property added', J.v1, J.requiredAdded, F],
  ['json: property added to a closed model (old readers refuse it)', J.closed, J.closedWithName, B],
  ['json: property removed from a closed model', J.closedWithName, J.closed, F],
  ['json: enum narrowed', J.enumAB, J.enumA, F],
];

describe('compatibility matrix', () => {
  for (const [what, old, next, allowed] of cases) {
    for (const level of COMPATIBILITY_LEVELS.filter((l) => l !== 'NONE')) {
      it(`${what} — ${level}: ${allowed.includes(level) ? 'allowed' : 'refused'}`, () => {
        const problems = checkCompatibility(level, next, [{ version: 1, schema: old }]);
        if (allowed.includes(level)) expect(problems).toEqual([]);
        else expect(problems.length).toBeGreaterThan(0);
      });
    }
    it(`${what} — NONE: allowed`, () => expect(checkCompatibility('NONE', next, [{ version: 1, schema: old }])).toEqual([]));
  }
});

describe('transitive levels', () => {
  // v1 has no email; v2 adds it with a default; v3 drops the default. v3 can read v2 but not v1.
  const v3 = avro([{ name: 'id', type: 'long' }, { name: 'email', type: ['null', 'string'] }]);
  const history = [{ version: 1, schema: A.v1 }, { version: 2, schema: A.addOptional }];
  it.each<[CompatibilityLevel, boolean]>([['BACKWARD', true], ['BACKWARD_TRANSITIVE', false], ['FULL', true], ['FULL_TRANSITIVE', false]])('%s allows it: %s', (level, ok) => {
    const problems = checkCompatibility(level, v3, history);
    expect(problems.length === 0).toBe(ok);
    if (!ok) expect(problems.join(' ')).toContain('oldSchemaVersion: 1');
  });
  it('reports a change of schema type instead of comparing', () => {
    expect(checkCompatibility('BACKWARD', J.v1, [{ version: 1, schema: A.v1 }])).toEqual(['version 1 is of type AVRO, the new schema of type JSON']);
  });
});

describe('parsing', () => {
  it.each<[SchemaTypeName, string, RegExp]>([
    ['AVRO', '{"type":"record","name":"X","fields":[{"name":"a","type":"nope"}]}', /nope/],
    ['AVRO', '{not json', /not valid JSON/],
    ['PROTOBUF', 'syntax = "proto3"; message X { int32 a = ; }', /illegal/i],
    ['PROTOBUF', 'syntax = "proto3"; message X { Missing a = 1; }', /Missing/],
    ['PROTOBUF', 'syntax = "proto3"; import "other.proto"; message X { int32 a = 1; }', /other\.proto/],
    ['JSON', '{"type": "objekt"}', /type/],
    ['JSON', '[1, 2]', /object or boolean/],
  ])('%s refuses %s', (type, text, why) => {
    expect(() => parse(type, text)).toThrow(why);
  });

  it('resolves references for every type', () => {
    const address = JSON.stringify({ type: 'record', name: 'Address', namespace: 'acme', fields: [{ name: 'city', type: 'string' }] });
    expect(parse('AVRO', JSON.stringify({ type: 'record', name: 'User', namespace: 'acme', fields: [{ name: 'home', type: 'acme.Address' }] }), [{ name: 'acme.Address', schema: address }]).type).toBe('AVRO');
    const otherProto = 'syntax = "proto3"; package acme; message Address { string city = 1; }';
    expect(parse('PROTOBUF', 'syntax = "proto3"; package acme; import "address.proto"; message User { Address home = 1; }', [{ name: 'address.proto', schema: otherProto }]).type).toBe('PROTOBUF');
    const j = parse('JSON', JSON.stringify({ type: 'object', properties: { home: { $ref: 'address.json' } } }), [{ name: 'address.json', schema: JSON.stringify({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }) }]);
    expect((j as unknown as { validate(v: unknown): boolean }).validate({ home: { city: 'Oslo' } })).toBe(true);
    expect((j as unknown as { validate(v: unknown): boolean }).validate({ home: {} })).toBe(false);
  });

  it('treats whitespace and attribute order as the same schema', () => {
    const a = parse('AVRO', '{"type":"record","name":"U","fields":[{"name":"a","type":"int"}]}');
    const b = parse('AVRO', '{ "name": "U", "type": "record",\n "fields": [ {"type": "int", "name": "a"} ] }');
    expect(a.canonical).toBe(b.canonical);
    const p1 = parse('PROTOBUF', 'syntax = "proto3";\nmessage U { int32 a = 1; } // note');
    const p2 = parse('PROTOBUF', 'syntax = "proto3"; message U {\n  int32 a = 1;\n}');
    expect(p1.canonical).toBe(p2.canonical);
    expect(parse('JSON', '{"type":"string","minLength":1}').canonical).toBe(parse('JSON', '{ "minLength": 1, "type": "string" }').canonical);
  });
});
