import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../service/errors.ts';
import { decodeProtobufWithSchema } from './protobuf.ts';

const SCHEMA = `syntax = "proto3";
package shop;

message Item {
  string sku = 1;
  uint32 qty = 2;
}

message Order {
  enum Status { NEW = 0; PAID = 1; SHIPPED = 2; }
  int64 id = 1;
  Status status = 2;
  repeated Item items = 3;
  bytes signature = 4;
  map<string, string> tags = 5;
  double total = 6;
}
`;

function encodeOrder(): string {
  const Order = protobuf.parse(SCHEMA).root.lookupType('shop.Order');
  const message = Order.fromObject({
    id: '9007199254740993', // 2^53 + 1: exact only as a string
    status: 'PAID',
    items: [{ sku: 'A-1', qty: 2 }, { sku: 'B-7', qty: 1 }],
    signature: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
    tags: { channel: 'web' },
    total: 12.5,
  });
  return Buffer.from(Order.encode(message).finish()).toString('base64');
}

function errorOf(f: () => unknown): ConsoleError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConsoleError);
    return e as ConsoleError;
  }
  throw new Error('expected an error');
}

describe('protobuf decoding with a schema', () => {
  it('decodes a message encoded by protobufjs: longs and enums as strings, bytes as base64', () => {
    const decoded = decodeProtobufWithSchema({ schema: SCHEMA, messageType: 'shop.Order', valueBase64: encodeOrder() });
    expect(decoded).toEqual({
      id: '9007199254740993',
      status: 'PAID',
      items: [{ sku: 'A-1', qty: 2 }, { sku: 'B-7', qty: 1 }],
      signature: '3q2+7w==',
      tags: { channel: 'web' },
      total: 12.5,
    });
  });

  it('shows unset fields as their defaults', () => {
    expect(decodeProtobufWithSchema({ schema: SCHEMA, messageType: '.shop.Item', valueBase64: '' })).toEqual({ sku: '', qty: 0 });
  });

  it('reports a schema that does not parse, with its line', () => {
    const bad = SCHEMA.replace('uint32 qty = 2;', 'uint32 qty = 2');
    const e = errorOf(() => decodeProtobufWithSchema({ schema: bad, messageType: 'shop.Order', valueBase64: encodeOrder() }));
    expect(e.errorName).toBe('INVALID_SCHEMA');
    expect(e.message).toMatch(/line 7/);
  });

  it('reports an unknown message type and lists the known ones', () => {
    const e = errorOf(() => decodeProtobufWithSchema({ schema: SCHEMA, messageType: 'shop.Invoice', valueBase64: encodeOrder() }));
    expect(e.errorName).toBe('UNKNOWN_TYPE');
    expect(e.message).toContain('shop.Invoice');
    expect(e.message).toContain('shop.Order');
    expect(e.message).toContain('shop.Item');
  });

  it('reports bytes that are not the message', () => {
    const e = errorOf(() => decodeProtobufWithSchema({ schema: SCHEMA, messageType: 'shop.Order', valueBase64: Buffer.from([0x0a, 0xff, 0x01]).toString('base64') }));
    expect(e.errorName).toBe('CANNOT_DECODE');
  });

  it('asks for a schema and a type', () => {
    expect(errorOf(() => decodeProtobufWithSchema({ schema: ' ', messageType: 'shop.Order', valueBase64: '' })).errorName).toBe('INVALID_REQUEST');
    expect(errorOf(() => decodeProtobufWithSchema({ schema: SCHEMA, messageType: '', valueBase64: '' })).errorName).toBe('INVALID_REQUEST');
  });
});
