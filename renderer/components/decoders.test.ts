// Known answers, each built by hand from the format's specification.

import { describe, expect, it } from 'vitest';
import { decodeAvro, decodeMessagePack, decodeProtobuf, parseAvroSchema, toJson } from './decoders.ts';

const b = (...x: number[]) => new Uint8Array(x);
const str = (s: string) => [...new TextEncoder().encode(s)];

describe('MessagePack', () => {
  it('decodes the compact types', () => {
    // {"a":1,"b":[true,null,-1],"c":"hé"}: fixmap 3, fixstr keys, positive/negative fixint, fixarray
    const bytes = b(0x83, 0xa1, 0x61, 0x01, 0xa1, 0x62, 0x93, 0xc3, 0xc0, 0xff, 0xa1, 0x63, 0xa3, ...str('hé'));
    expect(decodeMessagePack(bytes)).toEqual({ a: 1, b: [true, null, -1], c: 'hé' });
  });

  it('decodes sized ints, floats, str 8, bin and the timestamp extension', () => {
    expect(decodeMessagePack(b(0xcd, 0x01, 0x00))).toBe(256);
    expect(decodeMessagePack(b(0xd1, 0xff, 0x00))).toBe(-256);
    expect(decodeMessagePack(b(0xce, 0xff, 0xff, 0xff, 0xff))).toBe(4294967295);
    expect(decodeMessagePack(b(0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toBe('18446744073709551615');
    expect(decodeMessagePack(b(0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0))).toBe(1.5);
    expect(decodeMessagePack(b(0xca, 0x40, 0x20, 0, 0))).toBe(2.5);
    expect(decodeMessagePack(b(0xd9, 0x03, ...str('abc')))).toBe('abc');
    expect(toJson(decodeMessagePack(b(0xc4, 0x02, 0xde, 0xad)))).toBe('"0xdead"');
    expect(decodeMessagePack(b(0xd6, 0xff, 0x65, 0x53, 0xf1, 0x00))).toEqual({ $timestamp: '2023-11-14T22:13:20.000Z' });
    expect(decodeMessagePack(b(0xdc, 0x00, 0x02, 0x01, 0x02))).toEqual([1, 2]);
  });

  it('says where it fails', () => {
    expect(() => decodeMessagePack(b(0xc1))).toThrow('0xc1 at 0 is not a MessagePack type');
    expect(() => decodeMessagePack(b(0xa3, 0x61))).toThrow('truncated at byte 1');
    expect(() => decodeMessagePack(b(0x01, 0x02))).toThrow('1 bytes left');
  });
});

describe('Avro', () => {
  const schema = parseAvroSchema(JSON.stringify({
    type: 'record', name: 'Order', namespace: 'shop', fields: [
      { name: 'id', type: 'long' },
      { name: 'name', type: 'string' },
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
      { name: 'tags', type: { type: 'array', items: 'string' } },
      { name: 'attrs', type: { type: 'map', values: 'int' } },
      { name: 'note', type: ['null', 'string'] },
      { name: 'price', type: 'double' },
      { name: 'ok', type: 'boolean' },
      { name: 'next', type: ['null', 'Status'] },
    ],
  }));
  // id 75 -> zigzag 150 = 0x96 0x01; "ab" = len 2 (zigzag 4); enum PAID = 1 (zigzag 2);
  // tags: block of 1 (2), "x" (len 1 = 2), end 0; attrs: block of 1, "k" -> int -2 (zigzag 3), end 0;
  // note: branch 1 (2) "hi"; price 1.5 little-endian double; ok true; next: branch 1 (2), NEW (0).
  const bytes = b(0x96, 0x01, 0x04, ...str('ab'), 0x02, 0x02, 0x02, ...str('x'), 0x00, 0x02, 0x02, ...str('k'), 0x03, 0x00,
    0x02, 0x04, ...str('hi'), 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0x01, 0x02, 0x00);

  it('decodes a record with enum, array, map, union and a named type reference', () => {
    expect(decodeAvro(bytes, schema)).toEqual({ id: 75, name: 'ab', status: 'PAID', tags: ['x'], attrs: { k: -2 }, note: 'hi', price: 1.5, ok: true, next: 'NEW' });
  });

  it('skips the Confluent header when asked', () => {
    expect(decodeAvro(b(0, 0, 0, 0, 7, ...bytes), schema, { confluentHeader: true })).toMatchObject({ id: 75 });
  });

  it('handles negative block counts and large longs', () => {
    const arr = { type: 'array', items: 'long' };
    // block of -2 items (zigzag 3), byte size 2 (zigzag 4), items 1 (2) and -1 (1), end
    expect(decodeAvro(b(0x03, 0x04, 0x02, 0x01, 0x00), arr)).toEqual([1, -1]);
    expect(decodeAvro(b(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), 'long')).toBe('9223372036854775807');
  });

  it('reports a wrong schema', () => {
    expect(() => decodeAvro(b(0x02, 0x02), 'long')).toThrow('1 bytes left');
    expect(() => decodeAvro(b(0x08), ['null', 'string'])).toThrow('union branch 4');
    expect(() => parseAvroSchema('{nope')).toThrow('not JSON');
  });
});

describe('Protobuf without a schema', () => {
  it('shows field numbers, wire types and nested messages', () => {
    // field 1 varint 150; field 2 "testing"; field 3 nested { 1: 1 }; field 4 fixed32 1.0f; field 5 fixed64 -2
    const bytes = b(0x08, 0x96, 0x01, 0x12, 0x07, ...str('testing'), 0x1a, 0x02, 0x08, 0x01, 0x25, 0, 0, 0x80, 0x3f,
      0x29, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    expect(decodeProtobuf(bytes)).toEqual([
      { field: 1, wireType: 'varint', value: 150 },
      { field: 2, wireType: 'len', value: 'testing' },
      { field: 3, wireType: 'len', value: { message: [{ field: 1, wireType: 'varint', value: 1 }] } },
      { field: 4, wireType: 'i32', value: { int: 1065353216, float: 1 } },
      { field: 5, wireType: 'i64', value: { int: -2, double: expect.any(Number) } },
    ]);
  });

  it('refuses what is not Protobuf', () => {
    expect(() => decodeProtobuf(b(0x0f))).toThrow('wire type 7');
    expect(() => decodeProtobuf(b(0x12, 0x05, 0x61))).toThrow('truncated');
  });
});
