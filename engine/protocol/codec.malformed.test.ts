// Malformed frames: every failure is a ProtocolError (or an UnsupportedRequestError when the
// header names something we do not serve), quickly, without reading out of bounds or allocating
// from a hostile length.

import { describe, expect, it } from 'vitest';
import { decodeRequest, encodeRequest } from './codec.ts';
import { ProtocolError, UnsupportedRequestError } from './codec-errors.ts';
import { API_LIST } from './messages/index.ts';
import { sampleMessage } from './sample-values.ts';

function validFrame(apiName: string, version: number): Buffer {
  const api = API_LIST.find((a) => a.name === apiName)!;
  const body = sampleMessage(api.request, version, { arrayLength: 2 });
  const frame = encodeRequest({ requestApiKey: api.apiKey, requestApiVersion: version, correlationId: 11, clientId: 'client' }, body);
  return frame.subarray(4);
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function expectProtocolError(frame: Buffer): ProtocolError {
  try {
    decodeRequest(frame);
  } catch (e) {
    expect(e).toBeInstanceOf(ProtocolError);
    return e as ProtocolError;
  }
  throw new Error(`decoded a malformed frame: ${frame.toString('hex')}`);
}

describe('truncated frames', () => {
  const cases: [string, number][] = [
    ['Produce', 3], ['Produce', 9], ['Produce', 11], ['Fetch', 4], ['Fetch', 12], ['Fetch', 16],
    ['Metadata', 1], ['Metadata', 12], ['ApiVersions', 3], ['JoinGroup', 5], ['JoinGroup', 9],
    ['OffsetFetch', 9], ['CreateTopics', 7], ['ConsumerGroupHeartbeat', 0],
  ];
  for (const [name, version] of cases) {
    it(`${name} v${version}: cut at every byte position`, () => {
      const frame = validFrame(name, version);
      expect(() => decodeRequest(frame)).not.toThrow();
      for (let cut = 0; cut < frame.length; cut++) expectProtocolError(frame.subarray(0, cut));
    });
  }
});

describe('hostile lengths', () => {
  /** Request header v1/v2 prefix with a null client id (v2 callers append the 00 tag byte). */
  const header = (apiKey: number, version: number) => {
    const b = hex('0000 0000 00000001 ffff');
    b.writeInt16BE(apiKey, 0);
    b.writeInt16BE(version, 2);
    return b;
  };

  it('huge array counts are rejected before any allocation', () => {
    const e = expectProtocolError(Buffer.concat([header(3, 1), hex('7fffffff')]));
    expect(e.message).toMatch(/cannot fit/);
    expectProtocolError(Buffer.concat([header(3, 1), hex('7fffffff 0001 61')]));
    // flexible: compact array with a 5-byte uvarint count of ~2^32
    expectProtocolError(Buffer.concat([header(3, 12), hex('00'), hex('ffffffff0f')]));
    // Produce v3: topic count 2^31-1
    expectProtocolError(Buffer.concat([header(0, 3), hex('ffff ffff 00007530 7fffffff')]));
  });

  it('huge string and bytes lengths', () => {
    expectProtocolError(Buffer.concat([header(3, 1), hex('00000001 7fff 61')]));
    // Produce v3 records length 2^31-1 with 2 bytes present
    expectProtocolError(Buffer.concat([header(0, 3), hex('ffff ffff 00007530 00000001 0001 74 00000001 00000000 7fffffff 0102')]));
    // Produce v9 (flexible) compact records length ~2^32
    expectProtocolError(Buffer.concat([header(0, 9), hex('00'), hex('00 ffff 00007530 02 0274 02 00000000 ffffffff0f')]));
    // a tagged field claiming more bytes than are left
    expectProtocolError(Buffer.concat([header(18, 3), hex('00 01 01 01 05 7f 00')]));
  });

  it('negative lengths where the schema does not allow null', () => {
    expectProtocolError(Buffer.concat([header(3, 0), hex('ffffffff')])); // null topics in Metadata v0
    expectProtocolError(Buffer.concat([header(3, 1), hex('fffffffe')])); // -2 is never valid
    expectProtocolError(Buffer.concat([header(3, 1), hex('00000001 ffff')])); // null topic name in v1
    expectProtocolError(Buffer.concat([header(3, 1), hex('00000001 fffe')])); // -2 string length
    expectProtocolError(Buffer.concat([header(0, 3), hex('ffff ffff 00007530 00000001 0001 74 00000001 00000000 fffffffe')])); // records -2
    expectProtocolError(Buffer.concat([header(11, 0), hex('0001 67 00007530 0001 6d 0008 636f6e73756d6572 00000001 0001 72 ffffffff')])); // null non-nullable bytes
    expectProtocolError(Buffer.concat([header(18, 3), hex('00 00')])); // null compact string (0) for a non-nullable string
  });

  it('a request header that is too short', () => {
    for (const n of [0, 1, 7]) expectProtocolError(Buffer.alloc(n));
  });
});

describe('random corruption never escapes as anything but our typed errors', () => {
  it('10,000 seeded mutations of valid frames', () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const frames = [['Produce', 3], ['Produce', 11], ['Fetch', 11], ['Fetch', 16], ['Metadata', 12], ['JoinGroup', 9], ['DescribeConfigs', 4]]
      .map(([n, v]) => validFrame(n as string, v as number));
    let decoded = 0;
    for (let i = 0; i < 10000; i++) {
      const f = Buffer.from(frames[i % frames.length]);
      const flips = 1 + (rand() % 4);
      for (let k = 0; k < flips; k++) f[8 + (rand() % (f.length - 8))] = rand() & 0xff;
      try {
        decodeRequest(f);
        decoded++;
      } catch (e) {
        if (!(e instanceof ProtocolError) && !(e instanceof UnsupportedRequestError)) throw e;
      }
    }
    expect(decoded).toBeGreaterThan(0);
  });
});
