// The fuzz run against a real broker: at least 100 000 random and mutated frames (valid frames of every
// declared api and version built with encodeRequest from sample values, then mutated; truncated frames; huge
// and negative size prefixes; unknown api keys and versions; garbage) against ONE broker over many
// connections, WHILE a well-behaved kafkajs producer and consumer use the same broker on their own
// connections. At the end every produced message was consumed once, in order, the well-behaved topic holds
// exactly what was produced, no fuzz frame appended anything anywhere, the broker still answers, bad input
// closed connections, and memory stayed bounded. The focused rule per kind of bad input is
// engine/test/bad-input.test.ts.
//
// The fuzzer is seeded: the seed is printed at the start and in every failure message; rerun a failure
// with FUZZ_SEED=<seed>. FUZZ_FRAMES overrides the frame target (default 100 000).

import net from 'node:net';
import v8 from 'node:v8';
import { crc32c } from '@node-rs/crc32';
import vm from 'node:vm';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCluster, type TestCluster } from '../test/cluster-fixture.ts';
import { ADVERTISED_API_VERSIONS, ApiKey } from '../protocol/api-keys.ts';
import { encodeRequest } from '../protocol/codec.ts';
import { API_LIST, API_SPECS } from '../protocol/messages/index.ts';
import { sampleMessage } from '../protocol/sample-values.ts';
import { LATEST_TIMESTAMP } from '../protocol/list-offsets-timestamps.ts';
import { type FieldSpec, fieldKey, inVersions } from '../protocol/schema.ts';

import { createTopicRequest, endOffset, listenerStats, listTopics, open, records } from '../test/broker-requests.ts';

type Body = Record<string, unknown>;

// ---- the fuzzer ------------------------------------------------------------------------------------

/** mulberry32: small, fast, seedable. */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
}

const STEADY = 'steady-stream';
const CLIENT_ID = 'fuzzer';

interface Template {
  apiKey: number;
  version: number;
  /** The request body the frame was encoded from. */
  body: Body;
  /** The whole frame, size prefix included. */
  frame: Buffer;
  /** A produce aimed at the well-behaved topic: its batch is already corrupt (see buildTemplates). */
  steady?: boolean;
}

/** Valid frames for every declared api and version: sample values, plus frames aimed at the steady topic. */
function buildTemplates(): Template[] {
  const out: Template[] = [];
  let correlationId = 1;
  const add = (apiKey: number, version: number, body: Body, steady = false) => {
    const frame = encodeRequest({ requestApiKey: apiKey, requestApiVersion: version, correlationId: correlationId++, clientId: CLIENT_ID }, body);
    out.push({ apiKey, version, body, frame, steady });
  };
  for (const api of API_LIST) {
    for (let v = api.minVersion; v <= api.maxVersion; v++) {
      for (const opts of [{ arrayLength: 1, seed: 3 }, { arrayLength: 2, seed: 11 }, { arrayLength: 1, nulls: true, seed: 5 }, { arrayLength: 0, seed: 7 }]) {
        const body = sampleMessage(api.request, v, opts);
        // Long polls and rebalance waits would hold a connection for minutes; clients send such
        // values, but the fuzzer wants throughput (the waits themselves are tested elsewhere).
        if ('maxWaitMs' in body) body.maxWaitMs = 5;
        if ('rebalanceTimeoutMs' in body) body.rebalanceTimeoutMs = 50;
        add(api.apiKey, v, body);
      }
    }
  }
  // Frames that touch the well-behaved topic: reads, offsets, metadata, and produces whose batch is
  // corrupt where its CRC-32C covers it (attributes onwards), in four places, so no mutation on top can
  // plausibly make it valid again: none of these may ever append.
  const batch = records(3, 'fuzz', 16);
  for (const at of [21, 40, batch.length - 20, batch.length - 1]) batch[at] ^= 0xa5;
  if (crc32c(batch.subarray(21)) === batch.readUInt32BE(17)) throw new Error('the corrupted template batch still passes its CRC');
  for (let v = 3; v <= 11; v++) {
    const body = { transactionalId: null, acks: v % 2 === 0 ? 1 : -1, timeoutMs: 1000, topicData: [{ name: STEADY, partitionData: [{ index: 0, records: batch }] }] };
    add(ApiKey.Produce, v, body, true);
  }
  for (let v = 4; v <= 12; v++) {
    add(ApiKey.Fetch, v, {
      replicaId: -1, maxWaitMs: 5, minBytes: 1, maxBytes: 1 << 16, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [{ topic: STEADY, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 16 }] }],
      forgottenTopicsData: [], rackId: '',
    });
  }
  for (let v = 1; v <= 9; v++) {
    add(ApiKey.ListOffsets, v, { replicaId: -1, isolationLevel: 0, topics: [{ name: STEADY, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: LATEST_TIMESTAMP }] }] });
  }
  for (let v = 1; v <= 12; v++) {
    add(ApiKey.Metadata, v, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: STEADY }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: true, includeTopicAuthorizedOperations: true });
  }
  return out;
}

type FrameKind = 'valid' | 'mutated' | 'hostile-values' | 'bad-version' | 'unknown-api' | 'truncated' | 'garbage' | 'tiny' | 'apiversions-unknown';
type SizeKind = 'negative-size' | 'oversize' | 'short-body' | 'huge-pending';

interface Batch {
  payload: Buffer;
  frames: number;
  kinds: Partial<Record<FrameKind | SizeKind, number>>;
  /** Correlation ids of the frames sent, in order (as the broker would read them). */
  correlationIds: number[];
  /** Half-close after writing: the last frame is incomplete, the broker waits for bytes that never come. */
  endAfterWrite: boolean;
}

const SPECIAL_INTS = [0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

function setSize(frame: Buffer): Buffer {
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}

/** 1-4 mutations of a copy of a valid frame; the size prefix is kept consistent with the new length. */
function mutate(rng: Rng, t: Template): Buffer {
  let f = Buffer.from(t.frame);
  const n = rng.range(1, 4);
  const pos = () => (rng.chance(0.85) ? rng.range(Math.min(12, f.length - 1), f.length - 1) : rng.range(4, f.length - 1));
  for (let i = 0; i < n && f.length > 4; i++) {
    switch (rng.int(8)) {
      case 0: {
        const p = pos();
        f[p] ^= 1 << rng.int(8);
        break;
      }
      case 1: {
        const p = pos();
        f[p] ^= rng.range(1, 255);
        break;
      }
      case 2: {
        const p = pos();
        const v = rng.pick(SPECIAL_INTS);
        if (p + 4 <= f.length) f.writeUInt32BE(v >>> 0, p);
        else if (p + 2 <= f.length) f.writeUInt16BE(v & 0xffff, p);
        break;
      }
      case 3: {
        // A varint that never ends, or a huge one (compact lengths of flexible versions).
        const p = pos();
        const k = Math.min(rng.range(1, 6), f.length - p);
        for (let j = 0; j < k; j++) f[p + j] = 0x80 | rng.int(128);
        break;
      }
      case 4: {
        const p = pos();
        const k = Math.min(rng.range(1, 8), f.length - p);
        f = Buffer.concat([f.subarray(0, p), f.subarray(p + k)]);
        break;
      }
      case 5: {
        const p = pos();
        f = Buffer.concat([f.subarray(0, p), rng.bytes(rng.range(1, 8)), f.subarray(p)]);
        break;
      }
      case 6: {
        const p = pos();
        const k = Math.min(rng.range(1, 16), f.length - p);
        f = Buffer.concat([f.subarray(0, p + k), f.subarray(p, p + k), f.subarray(p + k)]);
        break;
      }
      default: {
        // int16 length of a string/array to -1 or a large value.
        const p = pos();
        if (p + 2 <= f.length) f.writeInt16BE(rng.pick([-1, -2, 0x7fff, rng.int(0x7fff)]), p);
      }
    }
  }
  return setSize(f);
}

// Values at the edges of each type. Strings are never legal topic names (so hostile CreateTopics frames
// cannot create topics); records are never a valid batch (so hostile produces cannot append).
function hostilePrimitive(rng: Rng, type: string): unknown {
  switch (type) {
    case 'bool': return rng.chance(0.5);
    case 'int8': return rng.pick([-128, -1, 0, 1, 127]);
    case 'int16': return rng.pick([-32768, -2, -1, 0, 1, 32767]);
    case 'uint16': return rng.pick([0, 1, 65535]);
    case 'int32': return rng.pick([-2147483648, -2, -1, 0, 1, 2147483647, rng.int(100_000)]);
    case 'uint32': return rng.pick([0, 1, 4294967295]);
    case 'int64': return rng.pick<number | bigint>([-2, -1, 0, 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2n ** 63n - 1n, -(2n ** 63n)]);
    case 'float64': return rng.pick([NaN, Infinity, -Infinity, -0, 1e308]);
    case 'string': return rng.pick(['', ' ', 'two words', '\u0000', 'é', '!'.repeat(rng.range(1, 3000)), `#${rng.int(1e6)}`]);
    case 'bytes': return rng.chance(0.3) ? Buffer.alloc(0) : rng.bytes(rng.range(1, 200));
    case 'records': return rng.chance(0.3) ? Buffer.alloc(0) : rng.bytes(rng.range(1, 200));
    case 'uuid': return rng.chance(0.5) ? 'AAAAAAAAAAAAAAAAAAAAAA' : rng.bytes(16).toString('base64url');
    default: throw new Error(`unknown type ${type}`);
  }
}

function hostileStruct(rng: Rng, fields: readonly FieldSpec[], version: number, value: Body, p: number): Body {
  const out: Body = { ...value };
  for (const f of fields) {
    if (!inVersions(f.versions, version)) continue;
    const k = fieldKey(f.name);
    out[k] = hostileField(rng, f, version, value[k], p);
  }
  return out;
}

function hostileField(rng: Rng, f: FieldSpec, version: number, v: unknown, p: number): unknown {
  const nullable = inVersions(f.nullableVersions, version);
  if (v === null) return v;
  if (f.type.startsWith('[]')) {
    if (rng.chance(p)) {
      if (nullable && rng.chance(0.3)) return null;
      if (rng.chance(0.5)) return [];
    }
    let arr = v as unknown[];
    if (arr.length > 0 && rng.chance(p)) arr = Array.from({ length: rng.range(2, 40) }, () => arr[0]); // duplicates
    const elem = f.type.slice(2);
    return arr.map((e) => (f.fields !== undefined ? hostileStruct(rng, f.fields, version, e as Body, p) : rng.chance(p) ? hostilePrimitive(rng, elem) : e));
  }
  if (f.fields !== undefined) return hostileStruct(rng, f.fields, version, v as Body, p);
  if (!rng.chance(p)) return v;
  if (nullable && rng.chance(0.2)) return null;
  return hostilePrimitive(rng, f.type);
}

/** A structurally valid frame of the template's api and version whose values are hostile. */
function hostileFrame(rng: Rng, t: Template): Buffer {
  const api = API_SPECS[t.apiKey];
  const body = hostileStruct(rng, api.request.fields, t.version, t.body, rng.pick([0.1, 0.3, 0.7]));
  // Keep most long polls and rebalance waits short (throughput); one in ten keeps its hostile value.
  if (rng.chance(0.9)) {
    if ('maxWaitMs' in body) body.maxWaitMs = 5;
    if ('rebalanceTimeoutMs' in body) body.rebalanceTimeoutMs = 50;
  }
  try {
    return encodeRequest({ requestApiKey: t.apiKey, requestApiVersion: t.version, correlationId: rng.int(0x7fffffff), clientId: rng.chance(0.1) ? null : CLIENT_ID }, body);
  } catch {
    return t.frame; // a value the encoder refuses (e.g. NaN where an integer goes): send the template
  }
}

function frameOf(rng: Rng, templates: readonly Template[], steadyProduce: readonly Template[], kind: FrameKind): Buffer {
  switch (kind) {
    case 'valid':
      return (rng.chance(0.05) ? rng.pick(steadyProduce) : rng.pick(templates)).frame;
    case 'mutated':
      return mutate(rng, rng.chance(0.1) ? rng.pick(steadyProduce) : rng.pick(templates));
    case 'hostile-values':
      return hostileFrame(rng, rng.pick(templates));
    case 'bad-version': {
      const f = Buffer.from(rng.pick(templates).frame);
      const api = API_SPECS[f.readInt16BE(4)];
      const v = rng.chance(0.5) ? api.maxVersion + rng.range(1, 200) : api.minVersion - rng.range(1, 200);
      f.writeInt16BE(Math.max(-32768, Math.min(32767, v)), 6);
      return f;
    }
    case 'apiversions-unknown': {
      const body = Buffer.from([0, 18, 0, 0, 0, 0, 0, 0, 0, 2, 0x66, 0x7a, 0]);
      body.writeInt16BE(rng.chance(0.5) ? rng.range(5, 32767) : -rng.range(1, 32768), 2);
      body.writeInt32BE(rng.int(0x7fffffff), 4);
      return Buffer.concat([Buffer.from([0, 0, 0, body.length]), body]);
    }
    case 'unknown-api': {
      const f = Buffer.from(rng.pick(templates).frame);
      let key: number;
      do key = rng.range(-32768, 32767);
      while (API_SPECS[key] !== undefined);
      f.writeInt16BE(key, 4);
      return f;
    }
    case 'truncated': {
      const t = rng.pick(templates).frame;
      return setSize(Buffer.from(t.subarray(0, rng.range(4, t.length - 1))));
    }
    case 'garbage':
      return setSize(Buffer.concat([Buffer.alloc(4), rng.bytes(rng.range(0, 300))]));
    case 'tiny':
      return setSize(Buffer.concat([Buffer.alloc(4), rng.bytes(rng.range(0, 7))]));
  }
}

const FRAME_KINDS: readonly [FrameKind, number][] = [
  ['valid', 35], ['hostile-values', 35], ['mutated', 20], ['apiversions-unknown', 2], ['bad-version', 2], ['unknown-api', 2], ['truncated', 2], ['garbage', 1], ['tiny', 1],
];
const TOTAL_WEIGHT = FRAME_KINDS.reduce((s, [, w]) => s + w, 0);

function pickKind(rng: Rng): FrameKind {
  let x = rng.int(TOTAL_WEIGHT);
  for (const [k, w] of FRAME_KINDS) {
    if (x < w) return k;
    x -= w;
  }
  return 'valid';
}

function makeBatch(rng: Rng, templates: readonly Template[], steadyProduce: readonly Template[], maxRequestBytes: number): Batch {
  const kinds: Batch['kinds'] = {};
  const count = (k: FrameKind | SizeKind) => (kinds[k] = (kinds[k] ?? 0) + 1);
  // One connection in ten attacks the framing itself with a bad size prefix.
  if (rng.chance(0.1)) {
    const kind = rng.pick<SizeKind>(['negative-size', 'oversize', 'short-body', 'huge-pending']);
    count(kind);
    const head = Buffer.alloc(4);
    let tail: Buffer = Buffer.alloc(0);
    let endAfterWrite = false;
    if (kind === 'negative-size') head.writeInt32BE(rng.chance(0.5) ? -1 : -rng.range(2, 0x7fffffff));
    else if (kind === 'oversize') head.writeInt32BE(rng.range(maxRequestBytes + 1, 0x7fffffff));
    else if (kind === 'short-body') {
      // A valid frame cut short without fixing its size: the broker waits, then sees the connection end.
      const t = rng.pick(templates).frame;
      head.writeInt32BE(t.length - 4);
      tail = Buffer.from(t.subarray(4, rng.range(4, t.length - 1)));
      endAfterWrite = true;
    } else {
      // Just under socket.request.max.bytes: must not be allocated up front.
      head.writeInt32BE(maxRequestBytes - rng.int(1024));
      tail = rng.bytes(rng.range(0, 64));
      endAfterWrite = true;
    }
    return { payload: Buffer.concat([head, tail]), frames: 1, kinds, correlationIds: [], endAfterWrite };
  }
  // Most connections end at their first bad frame (the broker closes it), so long batches are mostly
  // never read: keep them short.
  const n = rng.range(1, 24);
  const frames: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const kind = pickKind(rng);
    count(kind);
    frames.push(frameOf(rng, templates, steadyProduce, kind));
  }
  // Always end with a frame the broker must reject in order, so it closes the connection when it is done.
  count('tiny');
  frames.push(setSize(Buffer.concat([Buffer.alloc(4), rng.bytes(rng.range(0, 7))])));
  const correlationIds = frames.filter((f) => f.length >= 12).map((f) => f.readInt32BE(8));
  return { payload: Buffer.concat(frames), frames: frames.length, kinds, correlationIds, endAfterWrite: false };
}

interface ConnResult {
  closedByBroker: boolean;
  timedOut: boolean;
  responses: number;
  anomalies: string[];
}

/** Sends one batch on a fresh connection and reads what comes back until the broker closes it. */
function runBatch(port: number, batch: Batch, timeoutMs: number): Promise<ConnResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const result: ConnResult = { closedByBroker: false, timedOut: false, responses: 0, anomalies: [] };
    let buf: Buffer = Buffer.alloc(0);
    let next = 0; // index into batch.correlationIds: responses come in request order
    const timer = setTimeout(() => {
      result.timedOut = true;
      socket.destroy();
    }, timeoutMs);
    socket.on('connect', () => {
      socket.write(batch.payload);
      if (batch.endAfterWrite) socket.end();
    });
    socket.on('data', (d: Buffer) => {
      buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
      while (buf.length >= 4) {
        const size = buf.readInt32BE(0);
        if (size < 4 || size > 64 * 1024 * 1024) {
          result.anomalies.push(`response frame size ${size}`);
          socket.destroy();
          return;
        }
        if (buf.length < 4 + size) break;
        const id = buf.readInt32BE(4);
        buf = buf.subarray(4 + size);
        result.responses++;
        while (next < batch.correlationIds.length && batch.correlationIds[next] !== id) next++;
        if (next >= batch.correlationIds.length) result.anomalies.push(`response with correlation id ${id} not sent (or out of order)`);
        else next++;
      }
    });
    socket.on('end', () => {
      result.closedByBroker = true;
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') result.closedByBroker = true;
      else result.anomalies.push(`socket error ${e.code ?? e.message}`);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(result);
    });
  });
}

function forceGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

const MB = 1024 * 1024;

describe('fuzz: 100k bad frames against one broker while a well-behaved client produces and consumes', () => {
  let env: TestCluster;
  const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 0x7fffffff));
  const target = Number(process.env.FUZZ_FRAMES ?? 100_000);

  // What the broker logs. Closing a connection for a bad size, a malformed request or an unsupported
  // api/version is what bad input should cause; anything else (a handler that threw instead of answering
  // with an error code, "<Api> vN failed: ...", a maintenance failure, no handler for an advertised api)
  // is a bug even though the broker survives it: collected, by first line, reported and asserted.
  const brokerLogCounts: Record<string, number> = {};
  const unexpectedLog = new Map<string, number>();
  const advertised = new Set(ADVERTISED_API_VERSIONS.map((a) => a.apiKey));
  const brokerLog = (msg: string) => {
    const first = msg.split('\n')[0];
    let kind: string;
    if (/ closed: frame size /.test(first)) kind = 'bad size prefix';
    else if (/: malformed request: /.test(first)) kind = 'malformed request';
    else if (/: (unknown api key|unsupported version) /.test(first)) kind = 'unsupported api or version';
    else if (/: closing as the request asks: acks=0 produce failed /.test(first)) kind = 'failed acks=0 produce';
    else if (/^open file limit /.test(first)) kind = 'start-up';
    else {
      const noHandler = /: no handler for (\w+); closing/.exec(first);
      const apiKey = noHandler ? (ApiKey as Record<string, number>)[noHandler[1]] : undefined;
      if (noHandler && (apiKey === undefined || !advertised.has(apiKey))) kind = `no handler for the unadvertised ${noHandler[1]}`;
      else {
        const key = first.replace(/^connection \d+( from \S+)?: /, '').slice(0, 200);
        unexpectedLog.set(key, (unexpectedLog.get(key) ?? 0) + 1);
        kind = 'unexpected';
      }
    }
    brokerLogCounts[kind] = (brokerLogCounts[kind] ?? 0) + 1;
  };

  beforeAll(async () => {
    env = await testCluster({ brokerConfig: { autoCreateTopicsEnable: false }, log: brokerLog });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('survives, keeps serving the well-behaved client exactly, and stays bounded', async () => {
    const tag = `seed ${seed} (rerun with FUZZ_SEED=${seed})`;
    console.log(`fuzz: ${tag}`);
    const rng = new Rng(seed);
    const port = env.cluster.broker(1)!.port;
    const maxRequestBytes = 100 * MB;
    const templates = buildTemplates();
    const steadyProduce = templates.filter((t) => t.steady);
    const plain = templates.filter((t) => !t.steady);
    const gc = forceGc();

    // The broker's counters, refreshed in the background while the fuzzers run. The broker may run in a
    // worker thread: if it dies, the stats call fails, and everything stops at once with the reason.
    let stats = await listenerStats(env.cluster);
    let brokerDown: string | null = null;
    let polling = true;
    const poller = (async () => {
      while (polling && brokerDown === null) {
        try {
          stats = await listenerStats(env.cluster);
        } catch (e) {
          brokerDown = (e as Error).message;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const failIfDown = () => {
      if (brokerDown !== null) {
        throw new Error(`the broker died during the fuzzing (${brokerDown}); ${tag}; broker log: ${JSON.stringify(Object.fromEntries(unexpectedLog), null, 2)}`);
      }
    };

    const admin = await open(env.cluster, 'fuzz-admin');
    expect((await createTopicRequest(admin, STEADY, 1, 1)).errorCode).toBe(0);

    // ---- the well-behaved client ----
    let wellBehavedRequests = 0;
    const kafka = new Kafka({ clientId: 'steady', brokers: [env.cluster.bootstrapServers], logLevel: logLevel.NOTHING, retry: { retries: 8 } });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    const consumer = kafka.consumer({ groupId: 'steady-group', allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    producer.on(producer.events.REQUEST, () => wellBehavedRequests++);
    consumer.on(consumer.events.REQUEST, () => wellBehavedRequests++);
    const consumed: string[] = [];
    const consumedOffsets: number[] = [];
    let produced = 0;
    let stopProducing = false;
    const producerErrors: string[] = [];
    let producing: Promise<void> = Promise.resolve();
    try {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: [STEADY], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          consumed.push(message.value!.toString());
          consumedOffsets.push(Number(message.offset));
        },
      });
      producing = (async () => {
        while (!stopProducing) {
          const messages = Array.from({ length: 5 }, (_, i) => ({ key: 'k', value: `m-${produced + i}` }));
          try {
            await producer.send({ topic: STEADY, acks: -1, messages });
            produced += messages.length;
          } catch (e) {
            producerErrors.push((e as Error).message);
            return;
          }
          // A steady trickle (a few hundred messages a second), not a flood that would starve the fuzzer.
          await new Promise((r) => setTimeout(r, 10));
        }
      })();

      // Wait until the pipeline runs before the fuzzing starts.
      const t0 = Date.now();
      while (consumed.length === 0 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
      expect(consumed.length, `the well-behaved consumer got nothing before fuzzing; ${tag}`).toBeGreaterThan(0);

      gc();
      const rssBefore = process.memoryUsage().rss;
      const heapBefore = process.memoryUsage().heapUsed;
      const requestsBefore = stats.requests;
      const badBefore = stats.closedForBadInput;
      const wellBehavedBefore = wellBehavedRequests;
      const producedBefore = produced;
      const consumedBefore = consumed.length;

      // ---- the fuzzing ----
      const started = Date.now();
      // A safety stop only: the test is bounded by its frame count, whatever the machine's load.
      const budgetMs = 10 * 60_000;
      let framesSent = 0;
      let connections = 0;
      let closedByBroker = 0;
      let timedOut = 0;
      let responses = 0;
      let sizeRejected = 0;
      const kinds: Record<string, number> = {};
      const anomalies: string[] = [];
      let rssPeak = rssBefore;
      const fuzzProcessed = () => stats.requests - requestsBefore - (wellBehavedRequests - wellBehavedBefore);
      const done = () => brokerDown !== null || (fuzzProcessed() >= target && framesSent >= target) || Date.now() - started > budgetMs;

      const worker = async () => {
        while (!done()) {
          const batch = makeBatch(rng, plain, steadyProduce, maxRequestBytes);
          const r = await runBatch(port, batch, 2000);
          connections++;
          framesSent += batch.frames;
          for (const [k, v] of Object.entries(batch.kinds)) kinds[k] = (kinds[k] ?? 0) + v;
          if (batch.kinds['negative-size'] || batch.kinds.oversize) sizeRejected++;
          if (r.closedByBroker) closedByBroker++;
          if (r.timedOut) timedOut++;
          responses += r.responses;
          for (const a of r.anomalies) if (anomalies.length < 20) anomalies.push(a);
          if ((connections & 255) === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        }
      };
      await Promise.all(Array.from({ length: 12 }, worker));
      const fuzzMs = Date.now() - started;
      polling = false;
      await poller;
      const fuzzFigures = () => ({
        seed, framesSent, fuzzRequestsProcessedByBroker: fuzzProcessed(), sizePrefixRejections: sizeRejected, connections, closedByBroker,
        closedForBadInput: stats.closedForBadInput - badBefore, clientTimeouts: timedOut, responses, kinds, durationMs: fuzzMs,
        brokerLog: brokerLogCounts, unexpectedBrokerLog: Object.fromEntries(unexpectedLog),
      });
      if (brokerDown !== null) console.log(`fuzz report (broker died): ${JSON.stringify(fuzzFigures(), null, 2)}`);
      failIfDown();
      stats = await listenerStats(env.cluster);
      const processed = fuzzProcessed();

      // ---- the well-behaved client finishes ----
      const producedDuringFuzz = produced - producedBefore;
      const consumedDuringFuzz = consumed.length - consumedBefore;
      stopProducing = true;
      await producing;
      const t1 = Date.now();
      while (consumed.length < produced && Date.now() - t1 < 20_000) await new Promise((r) => setTimeout(r, 20));

      gc();
      const rssAfter = process.memoryUsage().rss;
      const heapAfter = process.memoryUsage().heapUsed;

      // ---- the broker still answers, on a fresh connection ----
      const check = await open(env.cluster, 'after-fuzz');
      const topics = await listTopics(check);
      const steadyEnd = await endOffset(check, STEADY, 0);
      const others: { name: string; partitions: number; endOffsets: number[] }[] = [];
      for (const t of topics) {
        if (t.name === STEADY) continue;
        const endOffsets: number[] = [];
        for (const p of t.partitions) endOffsets.push(await endOffset(check, t.name, p.partitionIndex));
        others.push({ name: t.name, partitions: t.partitions.length, endOffsets });
      }
      await check.close();

      const report = {
        ...fuzzFigures(),
        fuzzRequestsProcessedByBroker: processed,
        rssBeforeMB: +(rssBefore / MB).toFixed(1),
        rssPeakMB: +(rssPeak / MB).toFixed(1),
        rssAfterMB: +(rssAfter / MB).toFixed(1),
        heapBeforeMB: +(heapBefore / MB).toFixed(1),
        heapAfterMB: +(heapAfter / MB).toFixed(1),
        wellBehaved: { produced, producedDuringFuzz, consumedDuringFuzz, consumed: consumed.length, endOffset: steadyEnd },
        otherTopics: others,
      };
      console.log(`fuzz report: ${JSON.stringify(report, null, 2)}`);

      expect(anomalies, tag).toEqual([]);
      // Bad values get Kafka error codes, not exceptions: no handler threw, nothing else went wrong.
      expect(Object.fromEntries(unexpectedLog), tag).toEqual({});
      expect(producerErrors, tag).toEqual([]);
      expect(framesSent, tag).toBeGreaterThanOrEqual(target);
      expect(processed + sizeRejected, tag).toBeGreaterThanOrEqual(target);
      // Bad input closed connections: at least every connection that sent a negative or oversize size prefix.
      expect(stats.closedForBadInput - badBefore, tag).toBeGreaterThanOrEqual(sizeRejected);
      expect(stats.closedForBadInput - badBefore, tag).toBeGreaterThan(connections / 4);
      // The well-behaved client kept working during the fuzzing, and got everything exactly once, in order.
      expect(producedDuringFuzz, tag).toBeGreaterThan(0);
      expect(consumedDuringFuzz, tag).toBeGreaterThan(0);
      expect(consumed.length, tag).toBe(produced);
      expect(consumed, tag).toEqual(Array.from({ length: produced }, (_, i) => `m-${i}`));
      expect(consumedOffsets, tag).toEqual(Array.from({ length: produced }, (_, i) => i));
      // No fuzz frame appended anything: not to the well-behaved topic, not anywhere else.
      expect(steadyEnd, `fuzz produce frames appended to ${STEADY}; ${tag}`).toBe(produced);
      for (const o of others) expect(o.endOffsets.every((e) => e === 0), `fuzz appended to ${o.name}; ${tag}`).toBe(true);
      // Bounded memory (the fuzz run allocates and drops a few hundred MB of frames).
      expect(rssAfter - rssBefore, tag).toBeLessThan(300 * MB);
    } finally {
      stopProducing = true;
      polling = false;
      await producing;
      await consumer.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      await admin.close();
      await poller;
    }
    // Every connection is gone on the broker's side too (fuzzers, kafkajs, ours).
    const t2 = Date.now();
    while ((stats = await listenerStats(env.cluster)).connections > 0 && Date.now() - t2 < 5000) await new Promise((r) => setTimeout(r, 20));
    expect(stats.connections, tag).toBe(0);
  }, 12 * 60_000);
});
