// Header rules, hand-written byte-level checks of flexible versions, and the answers the broker
// gives to requests it cannot serve.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ADVERTISED_API_VERSIONS, ApiKey, PRODUCE_ADVERTISED_MIN_VERSION } from './api-keys.ts';
import {
  decodeRequest, decodeResponse, encodeMessage, encodeRequest, encodeResponse, encodeResponseChunks,
  encodeUnsupportedApiVersionsResponse, requestHeaderVersion, responseHeaderVersion,
} from './codec.ts';
import { ProtocolError, UnsupportedRequestError } from './codec-errors.ts';
import { API_SPECS, FetchResponse } from './messages/index.ts';
import { ZERO_UUID } from './writer.ts';

/** Hex bytes; on each line, text after a run of 2+ spaces is a comment. */
const hex = (s: string) =>
  Buffer.from(
    s.split('\n').map((line) => line.trim().split(/\s{2,}/)[0].replace(/\s+/g, '')).join(''),
    'hex',
  );
const TOPIC_ID = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

describe('header versions', () => {
  it('request header v2 / response header v1 exactly for flexible versions', () => {
    expect(requestHeaderVersion(ApiKey.Produce, 8)).toBe(1);
    expect(requestHeaderVersion(ApiKey.Produce, 9)).toBe(2);
    expect(responseHeaderVersion(ApiKey.Produce, 8)).toBe(0);
    expect(responseHeaderVersion(ApiKey.Produce, 9)).toBe(1);
    expect(requestHeaderVersion(ApiKey.Fetch, 11)).toBe(1);
    expect(requestHeaderVersion(ApiKey.Fetch, 12)).toBe(2);
    expect(requestHeaderVersion(ApiKey.Metadata, 9)).toBe(2);
    expect(requestHeaderVersion(ApiKey.DescribeCluster, 0)).toBe(2);
    expect(requestHeaderVersion(ApiKey.SaslHandshake, 1)).toBe(1);
  });

  it('ApiVersions: request header v2 from v3, response header always v0', () => {
    expect(requestHeaderVersion(ApiKey.ApiVersions, 2)).toBe(1);
    expect(requestHeaderVersion(ApiKey.ApiVersions, 3)).toBe(2);
    expect(requestHeaderVersion(ApiKey.ApiVersions, 99)).toBe(2);
    for (const v of [0, 3, 4, 99]) expect(responseHeaderVersion(ApiKey.ApiVersions, v)).toBe(0);
  });
});

describe('version table', () => {
  it('every advertised range is exactly the declared range, except the versions and APIs deliberately held back', () => {
    // DescribeGroups v6 answers GROUP_ID_NOT_FOUND for an unknown group; declared, advertised once served.
    const heldBackMax: Record<string, number> = { DescribeGroups: 5 };
    for (const a of ADVERTISED_API_VERSIONS) {
      const spec = API_SPECS[a.apiKey];
      expect(spec, `api key ${a.apiKey}`).toBeDefined();
      if (spec.name === 'Produce') {
        // Advertised from v0 for librdkafka's compression check (KAFKA-18659), decoded from v3 only.
        expect(spec.minVersion).toBe(3);
        expect([a.minVersion, a.maxVersion]).toEqual([PRODUCE_ADVERTISED_MIN_VERSION, spec.maxVersion]);
      } else {
        expect([a.minVersion, a.maxVersion]).toEqual([spec.minVersion, heldBackMax[spec.name] ?? spec.maxVersion]);
      }
    }
    const notAdvertised = Object.values(API_SPECS).filter((s) => !ADVERTISED_API_VERSIONS.some((a) => a.apiKey === s.apiKey));
    expect(notAdvertised.map((s) => s.name)).toEqual([]);
  });
});

describe('flexible versions, byte by byte', () => {
  it('ApiVersions v3 request with client software name/version', () => {
    const frame = hex(`
      0012 0003 00000001      api key 18, version 3, correlation id 1
      0003 636c69             client id: classic int16-length string "cli" even in header v2
      00                      header tagged fields: none
      03 736c                 compact string "sl": length+1 = 3
      04 312e30               compact string "1.0"
      00                      body tagged fields: none`);
    const { header, body } = decodeRequest(frame);
    expect(header).toEqual({ requestApiKey: 18, requestApiVersion: 3, correlationId: 1, clientId: 'cli' });
    expect(body).toEqual({ clientSoftwareName: 'sl', clientSoftwareVersion: '1.0' });
    const encoded = encodeRequest(header, body);
    expect(encoded.readInt32BE(0)).toBe(frame.length);
    expect(encoded.subarray(4)).toEqual(frame);
  });

  it('ApiVersions v3 response: header v0 (no tag byte), compact array, empty tag section', () => {
    const frame = encodeResponse(ApiKey.ApiVersions, 3, 9, {
      errorCode: 0,
      apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }],
      throttleTimeMs: 0,
    });
    expect(frame).toEqual(hex(`
      00000013                size 19
      00000009                correlation id, response header v0
      0000                    error code
      02 0012 0000 0004 00    compact array of 1 (length+1), ApiKey/Min/Max, element tagged fields
      00000000                throttle time
      00                      tagged fields: none (FinalizedFeaturesEpoch = -1 is the default)`));
  });

  it('Metadata v12 request with topic ids', () => {
    const frame = Buffer.concat([
      hex('0003 000c 0000002a 0001 63 00'), // Metadata v12, correlation 42, client id "c", no header tags
      hex('02'), // topics: compact array of 1
      TOPIC_ID, // topic id
      hex('00'), // name: null compact string
      hex('00'), // topic tagged fields
      hex('01'), // allow auto topic creation
      hex('00'), // include topic authorized operations
      hex('00'), // tagged fields
    ]);
    const { body } = decodeRequest(frame);
    expect(body).toEqual({
      topics: [{ topicId: TOPIC_ID.toString('base64url'), name: null }],
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
  });

  it('Metadata v12 response with a topic id and a null topic name', () => {
    const frame = encodeResponse(ApiKey.Metadata, 12, 7, {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: 'h', port: 9092, rack: null }],
      clusterId: 'c',
      controllerId: 1,
      topics: [{ errorCode: 0, name: null, topicId: TOPIC_ID.toString('base64url'), isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 }],
    });
    const expected = Buffer.concat([
      hex('00000007 00'), // correlation id, response header v1 tag section
      hex('00000000'), // throttle
      hex('02 00000001 0268 00002384 00 00'), // brokers: 1 x (node 1, "h", 9092, rack null, tags)
      hex('0263'), // cluster id "c"
      hex('00000001'), // controller id
      hex('02 0000 00'), // topics: 1 x (error 0, name null
      TOPIC_ID,
      hex('00 01 80000000 00'), // internal false, partitions [], authorized ops, tags)
      hex('00'), // tagged fields
    ]);
    expect(frame.readInt32BE(0)).toBe(expected.length);
    expect(frame.subarray(4)).toEqual(expected);
    expect(decodeResponse(ApiKey.Metadata, 12, frame.subarray(4)).body).toMatchObject({ topics: [{ name: null, topicId: TOPIC_ID.toString('base64url') }] });
  });

  it('tagged fields are written only when not default, in tag order, with their size', () => {
    const partition = { partitionIndex: 0, errorCode: 0, highWatermark: 5, records: null, currentLeader: { leaderId: 2, leaderEpoch: 3 } };
    const bytes = encodeMessage(FetchResponse, 12, { responses: [{ topic: 't', partitions: [partition] }] });
    // partition tagged section: 1 field, tag 1 (CurrentLeader), 9 bytes = int32 + int32 + empty tag section
    expect(bytes.includes(hex('01 01 09 00000002 00000003 00'))).toBe(true);
    const withoutTags = encodeMessage(FetchResponse, 12, { responses: [{ topic: 't', partitions: [{ ...partition, currentLeader: { leaderId: -1, leaderEpoch: -1 } }] }] });
    expect(withoutTags.length).toBe(bytes.length - 11);
  });

  it('unknown tagged fields are skipped', () => {
    const frame = hex('0012 0003 00000001 ffff 02 0503aabbcc 0700 02 78 02 79 01 0900');
    // header: null client id, 2 header tags (5: 3 bytes, 7: 0 bytes); body "x","y", 1 unknown tag
    const { header, body } = decodeRequest(frame);
    expect(header.clientId).toBeNull();
    expect(body).toEqual({ clientSoftwareName: 'x', clientSoftwareVersion: 'y' });
  });
});

describe('requests the broker cannot serve', () => {
  it('ApiVersions above our max: typed error with the header fields, then the KIP-511 v0 answer', async () => {
    const frame = hex('0012 0009 0000abcd 0003 636c69 00 ffffffff');
    let err: unknown;
    try {
      decodeRequest(frame);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsupportedRequestError);
    expect(err).not.toBeInstanceOf(ProtocolError);
    expect(err).toMatchObject({ reason: 'unsupported-version', apiKey: 18, apiVersion: 9, correlationId: 0xabcd, clientId: 'cli' });

    const answer = encodeUnsupportedApiVersionsResponse(0xabcd, ADVERTISED_API_VERSIONS);
    expect(answer.readInt32BE(0)).toBe(answer.length - 4);
    expect(answer.readInt32BE(4)).toBe(0xabcd); // response header v0
    expect(answer.readInt16BE(8)).toBe(35); // UNSUPPORTED_VERSION
    expect(answer.readInt32BE(10)).toBe(ADVERTISED_API_VERSIONS.length); // classic int32 array count (v0 body)
    expect(answer.length).toBe(4 + 4 + 2 + 4 + 6 * ADVERTISED_API_VERSIONS.length);
    const apiVersionsEntry = ADVERTISED_API_VERSIONS.find((a) => a.apiKey === 18)!;
    expect(apiVersionsEntry).toEqual({ apiKey: 18, minVersion: 0, maxVersion: 4 });

    // kafkajs reads it as a v0 body and recognises UNSUPPORTED_VERSION (it then retries lower)
    const kafkajsV0 = createRequire(import.meta.url)('kafkajs/src/protocol/requests/apiVersions/v0/response');
    await expect(kafkajsV0.decode(answer.subarray(8))).rejects.toMatchObject({ type: 'UNSUPPORTED_VERSION' });
    // a client reading the v0 body gets the full api key list
    const { body } = decodeResponse(18, 0, answer.subarray(4));
    expect(body.errorCode).toBe(35);
    expect(body.apiKeys).toEqual(ADVERTISED_API_VERSIONS.map((a) => ({ ...a })));
    expect(decodeResponse(18, 0, answer.subarray(4)).body).toMatchObject({ errorCode: 35 });
  });

  it('unknown api key and unsupported versions of other APIs', () => {
    expect(() => decodeRequest(hex('03e7 0000 00000005 0001 61'))).toThrow(
      expect.objectContaining({ reason: 'unknown-api-key', apiKey: 999, apiVersion: 0, correlationId: 5, clientId: 'a' }),
    );
    expect(() => decodeRequest(hex('0000 0002 00000006 ffff'))).toThrow(
      expect.objectContaining({ reason: 'unsupported-version', apiKey: 0, apiVersion: 2, correlationId: 6 }),
    );
    expect(() => decodeRequest(hex('0001 0013 00000007 ffff 00'))).toThrow(UnsupportedRequestError);
  });

  it('a body that fails to decode carries the header on its ProtocolError', () => {
    const frame = hex('0003 0001 00000063 ffff 0000 0001'); // Metadata v1, 1 topic, then nothing
    try {
      decodeRequest(frame);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolError);
      expect(e).toMatchObject({ apiKey: 3, apiVersion: 1, correlationId: 0x63 });
    }
  });
});

describe('responses as chunks', () => {
  it('large record buffers are passed by reference and the chunks equal the single buffer', () => {
    const records = Buffer.alloc(64 * 1024, 1);
    const body = { responses: [{ topicId: ZERO_UUID, partitions: [{ partitionIndex: 0, highWatermark: 1, records }] }] };
    const chunks = encodeResponseChunks(ApiKey.Fetch, 16, 3, body);
    expect(chunks).toContain(records);
    expect(Buffer.concat(chunks)).toEqual(encodeResponse(ApiKey.Fetch, 16, 3, body));
    expect(Buffer.concat(chunks).readInt32BE(0)).toBe(Buffer.concat(chunks).length - 4);
  });
});
