// KafkaConnection against a tiny in-test server that decodes requests with decodeRequest and answers
// with encodeResponse (no broker): round trips, pipelining order, timeouts, drops, acks=0, ApiVersions
// negotiation (including the KIP-511 v0 answer), raw frames.

import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADVERTISED_API_VERSIONS, ApiKey } from '../protocol/api-keys.ts';
import { type DecodedRequest, decodeRequest, encodeResponse, encodeUnsupportedApiVersionsResponse } from '../protocol/codec.ts';
import { KafkaConnection, KafkaConnectionError, pickVersions } from './connection.ts';
import { API_SPECS } from '../protocol/messages/index.ts';
import { UnsupportedRequestError } from '../protocol/codec-errors.ts';

interface ServerConn {
  socket: net.Socket;
  received: DecodedRequest[];
}

type OnRequest = (req: DecodedRequest, conn: ServerConn) => void;

interface TestServer {
  port: number;
  conns: ServerConn[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const clients: KafkaConnection[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) await s.close();
});

/** A server that de-frames, decodes each request and hands it to onRequest. */
async function startServer(onRequest: OnRequest, onUnsupported?: (e: UnsupportedRequestError, conn: ServerConn) => void): Promise<TestServer> {
  const conns: ServerConn[] = [];
  const server = net.createServer((socket) => {
    const conn: ServerConn = { socket, received: [] };
    conns.push(conn);
    let buf = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        const size = buf.readInt32BE(0);
        const frame = buf.subarray(4, 4 + size);
        buf = buf.subarray(4 + size);
        try {
          const req = decodeRequest(frame);
          conn.received.push(req);
          onRequest(req, conn);
        } catch (e) {
          if (e instanceof UnsupportedRequestError && onUnsupported) onUnsupported(e, conn);
          else socket.destroy();
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const s: TestServer = {
    port: (server.address() as net.AddressInfo).port,
    conns,
    close: () => {
      for (const c of conns) c.socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  servers.push(s);
  return s;
}

async function connect(port: number, timeoutMs = 5000): Promise<KafkaConnection> {
  const c = await KafkaConnection.connect('127.0.0.1', port, { clientId: 'conn-test', timeoutMs });
  clients.push(c);
  return c;
}

/** A Metadata response whose throttle time carries a number, so a test can tell responses apart. */
function metadataResponse(req: DecodedRequest, tag: number): Buffer {
  return encodeResponse(ApiKey.Metadata, req.header.requestApiVersion, req.header.correlationId, {
    throttleTimeMs: tag,
    brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }],
    clusterId: 'c',
    controllerId: 1,
    topics: [],
  });
}

const metadataBody = { topics: [], allowAutoTopicCreation: false };

describe('KafkaConnection', () => {
  it('sends a request with its header and decodes the response (classic and flexible versions)', async () => {
    const server = await startServer((req, conn) => conn.socket.write(metadataResponse(req, 7)));
    const c = await connect(server.port);
    for (const v of [1, 8, 9, 12]) {
      const res = await c.request(ApiKey.Metadata, v, metadataBody);
      expect(res.throttleTimeMs).toBe(v >= 3 ? 7 : 0);
      expect(res.brokers).toEqual([expect.objectContaining({ nodeId: 1, host: '127.0.0.1', port: 9092 })]);
    }
    const got = server.conns[0].received;
    expect(got.map((r) => r.header.requestApiVersion)).toEqual([1, 8, 9, 12]);
    expect(got.every((r) => r.header.clientId === 'conn-test')).toBe(true);
    // Correlation ids are distinct and increasing.
    const ids = got.map((r) => r.header.correlationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('pipelines requests and matches the responses in order', async () => {
    // Answers only once all 100 requests are in, in order, each response in its own write with a
    // split frame now and then (the client must reassemble).
    const N = 100;
    const server = await startServer((_req, conn) => {
      if (conn.received.length < N) return;
      const frames = conn.received.map((r, i) => metadataResponse(r, 1000 + i));
      const all = Buffer.concat(frames);
      let pos = 0;
      let step = 1;
      const pump = () => {
        if (pos >= all.length) return;
        const n = Math.min(all.length - pos, step);
        conn.socket.write(all.subarray(pos, pos + n));
        pos += n;
        step = (step * 7) % 97 + 1;
        setImmediate(pump);
      };
      pump();
    });
    const c = await connect(server.port);
    const results = await Promise.all(Array.from({ length: N }, (_, i) => c.request(ApiKey.Metadata, 3 + (i % 10), metadataBody)));
    expect(results.map((r) => r.throttleTimeMs)).toEqual(Array.from({ length: N }, (_, i) => 1000 + i));
    expect(c.inFlight).toBe(0);
  });

  it('closes the connection when a response carries the wrong correlation id', async () => {
    const server = await startServer((req, conn) => {
      conn.socket.write(metadataResponse({ ...req, header: { ...req.header, correlationId: req.header.correlationId + 100 } }, 1));
    });
    const c = await connect(server.port);
    const first = c.request(ApiKey.Metadata, 5, metadataBody);
    const second = c.request(ApiKey.Metadata, 5, metadataBody);
    await expect(first).rejects.toMatchObject({ kind: 'protocol', message: expect.stringContaining('correlation id') });
    await expect(second).rejects.toMatchObject({ kind: 'closed' });
    expect(c.closed).toBe(true);
  });

  it('times out a request that gets no answer; a late answer is dropped and later requests still match', async () => {
    let held: DecodedRequest | null = null;
    let heldArrived: () => void = () => undefined;
    const arrived = new Promise<void>((r) => (heldArrived = r));
    const server = await startServer((req, conn) => {
      if (held === null) {
        held = req; // answered later, after the client gave up on it
        heldArrived();
        return;
      }
      conn.socket.write(metadataResponse(held, 1)); // the late answer to the first request
      conn.socket.write(metadataResponse(req, 2));
    });
    const c = await connect(server.port);
    // The request's timer runs on a fake clock: it fires at 150 ms of that clock, not a moment before.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let settled: unknown = 'pending';
    const pending = c.request(ApiKey.Metadata, 4, metadataBody, { timeoutMs: 150 }).then((v) => (settled = v), (e: unknown) => (settled = e));
    await arrived;
    vi.advanceTimersByTime(149);
    await Promise.resolve();
    expect(settled).toBe('pending');
    vi.advanceTimersByTime(1);
    await pending;
    vi.useRealTimers();
    const err = settled;
    expect(err).toBeInstanceOf(KafkaConnectionError);
    expect((err as KafkaConnectionError).kind).toBe('timeout');
    expect((err as Error).message).toMatch(/Metadata v4 .* timed out after 150 ms/);
    const res = await c.request(ApiKey.Metadata, 4, metadataBody);
    expect(res.throttleTimeMs).toBe(2);
    expect(c.closed).toBe(false);
  });

  it('rejects every pending request when the connection drops mid-response, and later requests at once', async () => {
    const server = await startServer((req, conn) => {
      if (conn.received.length < 3) return;
      const frame = metadataResponse(req, 1);
      conn.socket.write(frame.subarray(0, Math.floor(frame.length / 2)), () => conn.socket.destroy());
    });
    const c = await connect(server.port);
    const results = await Promise.allSettled([0, 1, 2].map(() => c.request(ApiKey.Metadata, 9, metadataBody)));
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const e = (r as PromiseRejectedResult).reason as KafkaConnectionError;
      expect(e).toBeInstanceOf(KafkaConnectionError);
      expect(e.kind).toBe('closed');
      expect(e.message).toContain(`127.0.0.1:${server.port}`);
    }
    await c.waitClosed();
    expect(c.closed).toBe(true);
    await expect(c.request(ApiKey.Metadata, 9, metadataBody)).rejects.toMatchObject({ kind: 'closed' });
    await expect(c.request(ApiKey.Produce, 3, { acks: 0, timeoutMs: 1, topicData: [] }, { expectResponse: false })).rejects.toMatchObject({ kind: 'closed' });
  });

  it('close() rejects what is pending', async () => {
    const server = await startServer(() => undefined);
    const c = await connect(server.port);
    const p = c.request(ApiKey.Metadata, 1, metadataBody);
    await c.close();
    await expect(p).rejects.toMatchObject({ kind: 'closed', message: expect.stringContaining('closed by the client') });
  });

  it('acks=0 produce takes no place in the response queue', async () => {
    const server = await startServer((req, conn) => {
      if (req.header.requestApiKey === ApiKey.Produce) {
        const acks = req.body.acks as number;
        if (acks === 0) return;
        conn.socket.write(encodeResponse(ApiKey.Produce, req.header.requestApiVersion, req.header.correlationId, {
          responses: [], throttleTimeMs: 0, nodeEndpoints: [],
        }));
        return;
      }
      conn.socket.write(metadataResponse(req, 42));
    });
    const c = await connect(server.port);
    const records = Buffer.alloc(61, 1);
    const produce = (acks: number) => ({ transactionalId: null, acks, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: 0, records }] }] });
    const out = await Promise.all([
      c.request(ApiKey.Produce, 9, produce(0), { expectResponse: false }),
      c.request(ApiKey.Metadata, 12, metadataBody),
      c.request(ApiKey.Produce, 9, produce(0), { expectResponse: false }),
      c.request(ApiKey.Produce, 9, produce(1)),
      c.request(ApiKey.Metadata, 12, metadataBody),
    ]);
    expect(out[0]).toBeNull();
    expect(out[1].throttleTimeMs).toBe(42);
    expect(out[2]).toBeNull();
    expect(out[3]).toEqual({ responses: [], throttleTimeMs: 0, nodeEndpoints: [] });
    expect(out[4].throttleTimeMs).toBe(42);
    const got = server.conns[0].received;
    expect(got.map((r) => r.header.requestApiKey)).toEqual([0, 3, 0, 0, 3]);
    expect((got[0].body.topicData as { partitionData: { records: Buffer }[] }[])[0].partitionData[0].records).toEqual(records);
  });

  it('negotiates versions: the highest version both sides speak, per api', async () => {
    const brokerList = [
      { apiKey: ApiKey.Produce, minVersion: 0, maxVersion: 7 }, // ours 3-11 -> 7
      { apiKey: ApiKey.Fetch, minVersion: 4, maxVersion: 99 }, // ours 4-18 -> 18
      { apiKey: ApiKey.Metadata, minVersion: 0, maxVersion: 12 },
      { apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: 3 },
      { apiKey: 1000, minVersion: 0, maxVersion: 3 }, // unknown to us: skipped
      { apiKey: ApiKey.ListOffsets, minVersion: 20, maxVersion: 30 }, // no overlap: skipped
    ];
    const server = await startServer((req, conn) => {
      const { requestApiVersion: v, correlationId } = req.header;
      // A broker that knows ApiVersions up to v3 answers a newer version in v0 with error 35 (KIP-511).
      if (v > 3) conn.socket.write(encodeUnsupportedApiVersionsResponse(correlationId, brokerList));
      else conn.socket.write(encodeResponse(ApiKey.ApiVersions, v, correlationId, { errorCode: 0, apiKeys: brokerList, throttleTimeMs: 0 }));
    });
    const c = await connect(server.port);
    expect(() => c.versionFor(ApiKey.Produce)).toThrow(/negotiateVersions/);
    // Our codec declares ApiVersions up to v4: the server does not know v4, answers v0 with error 35,
    // and the client retries with v3.
    const versions = await c.negotiateVersions();
    expect(server.conns[0].received.map((r) => r.header.requestApiVersion)).toEqual([4, 3]);
    expect(Object.fromEntries(versions)).toEqual({ [ApiKey.Produce]: 7, [ApiKey.Fetch]: 18, [ApiKey.Metadata]: 12, [ApiKey.ApiVersions]: 3 });
    expect(c.versionFor(ApiKey.Fetch)).toBe(18);
    expect(() => c.versionFor(ApiKey.ListOffsets)).toThrow(/share no version of ListOffsets/);
  });

  it('pickVersions against what our own broker advertises gives every advertised api its max', () => {
    const v = pickVersions(ADVERTISED_API_VERSIONS);
    for (const a of ADVERTISED_API_VERSIONS) expect(v.get(a.apiKey)).toBe(Math.min(a.maxVersion, API_SPECS[a.apiKey].maxVersion));
  });

  it('reads a KIP-511 v0 ApiVersions answer to any version', async () => {
    const server = await startServer(
      () => undefined,
      (e, conn) => conn.socket.write(encodeUnsupportedApiVersionsResponse(e.correlationId, ADVERTISED_API_VERSIONS)),
    );
    const c = await connect(server.port);
    // Not a version our codec can encode, so sent raw: header v2 (flexible), empty client id, no body fields.
    const frame = Buffer.from([0, 0, 0, 11, 0, 18, 0, 99, 0, 0, 0, 5, 0, 0, 0]);
    const raw = await c.sendRaw(frame, { expectResponse: true });
    expect(raw.readInt32BE(0)).toBe(5);
    expect(raw.readInt16BE(4)).toBe(35);
  });

  it('sendRaw writes bytes as given; without expectResponse nothing is queued', async () => {
    const got: Buffer[] = [];
    const server = net.createServer((s) => s.on('data', (d) => got.push(d)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const c = await connect((server.address() as net.AddressInfo).port);
      await c.sendRaw(Buffer.from('garbage!'));
      expect(c.inFlight).toBe(0);
      await new Promise((r) => setTimeout(r, 50));
      expect(Buffer.concat(got).toString()).toBe('garbage!');
      await c.close();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('rejects a response frame with a negative size and closes', async () => {
    const server = await startServer((_req, conn) => conn.socket.write(Buffer.from([0xff, 0xff, 0xff, 0xf0])));
    const c = await connect(server.port);
    await expect(c.request(ApiKey.Metadata, 1, metadataBody)).rejects.toMatchObject({ kind: 'closed', message: expect.stringContaining('size -16') });
  });

  it('fails to connect with kind connect', async () => {
    const s = net.createServer();
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise((resolve) => s.close(resolve));
    await expect(KafkaConnection.connect('127.0.0.1', port, { timeoutMs: 2000 })).rejects.toMatchObject({ kind: 'connect' });
  });

  it('a request that cannot be encoded rejects without touching the connection', async () => {
    const server = await startServer((req, conn) => conn.socket.write(metadataResponse(req, 3)));
    const c = await connect(server.port);
    await expect(c.request(ApiKey.Metadata, 77, metadataBody)).rejects.toThrow(/no version 77/);
    expect((await c.request(ApiKey.Metadata, 3, metadataBody)).throttleTimeMs).toBe(3);
  });
});
