// A small, real Kafka client connection: one TCP connection to one broker, speaking the wire protocol
// through the same codec the broker uses. The replica fetcher (a follower fetching from its leader),
// tests and tools use it; the console uses a full client library instead.
//
// Ordering: Kafka answers the requests of one connection in the order they were sent, so requests may
// be pipelined and each response belongs to the oldest request still waiting for one. The response's
// correlation id is checked against that request's; a mismatch means the stream can no longer be
// trusted and the connection is closed (every pending request rejects).
//
// Produce with acks=0 gets no response: send it with { expectResponse: false }; its promise resolves
// with null once the bytes are handed to the socket, and it takes no place in the response queue.
//
// Timeouts: a request that has no response after timeoutMs rejects with a KafkaConnectionError of kind
// 'timeout'. It keeps its place in the queue, so a late response is matched to it and dropped, and the
// requests behind it still get their own answers.
//
// Drops: when the socket closes (the broker closed it, a reset, close() or a protocol error on our side),
// every pending request rejects with a KafkaConnectionError of kind 'closed' naming the cause, and every
// later request rejects at once.
//
// ApiVersions: a broker that does not know the requested ApiVersions version answers in v0 with
// UNSUPPORTED_VERSION (KIP-511); request() reads such an answer as v0 whatever version was asked.
// negotiateVersions() sends ApiVersions and keeps, per api, the highest version both sides speak.
//
// Security: `tls` connects with node:tls (CA, optional client certificate); `sasl` authenticates right after
// connecting (SaslHandshake v1, then SaslAuthenticate rounds: PLAIN or SCRAM-SHA-256/512), so a connection that
// resolves is authenticated. A refused authentication rejects with kind 'auth' carrying Kafka's error.

import net from 'node:net';
import tls from 'node:tls';
import { ScramClient, type ScramMechanism } from '../broker/security/scram.ts';
import { plainMessage } from '../broker/security/plain.ts';
import { ApiKey, apiKeyName } from '../protocol/api-keys.ts';
import { decodeResponse, encodeRequest } from '../protocol/codec.ts';
import { API_SPECS } from '../protocol/messages/index.ts';

export interface ConnectOptions {
  /** The client id sent in every request header. Default 'streamlab'. */
  clientId?: string;
  /** Connect timeout and default request timeout, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Largest response frame accepted; a larger size prefix closes the connection. Default 256 MiB. */
  maxResponseBytes?: number;
  /** TLS: trust `ca`; present `cert`/`key` for mutual TLS. */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; servername?: string };
  /** SASL right after connecting. */
  sasl?: { mechanism: 'PLAIN' | ScramMechanism; user: string; password: string };
}

export interface RequestOptions {
  /** false for requests the broker does not answer (Produce with acks=0). Default true. */
  expectResponse?: boolean;
  /** Overrides the connection's request timeout for this request. */
  timeoutMs?: number;
}

export type KafkaConnectionErrorKind = 'connect' | 'timeout' | 'closed' | 'protocol' | 'auth';

export class KafkaConnectionError extends Error {
  constructor(
    readonly kind: KafkaConnectionErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'KafkaConnectionError';
  }
}

export function isKafkaConnectionError(e: unknown): e is KafkaConnectionError {
  return e instanceof KafkaConnectionError;
}

type Body = Record<string, unknown>;

interface Pending {
  /** null for sendRaw requests: their raw response is returned, whatever its correlation id. */
  apiKey: number | null;
  apiVersion: number;
  correlationId: number;
  resolve: (v: Body | Buffer) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
  /** Rejected by its timeout: its response, when it comes, is dropped. */
  abandoned: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
const UNSUPPORTED_VERSION = 35;

export class KafkaConnection {
  private readonly pending: Pending[] = [];
  private nextCorrelationId = 1;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private closeCause: string | null = null;
  private closedPromise: Promise<void>;
  private versions: Map<number, number> | null = null;
  readonly clientId: string;
  readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  private constructor(
    private readonly socket: net.Socket,
    readonly host: string,
    readonly port: number,
    opts: ConnectOptions,
  ) {
    this.clientId = opts.clientId ?? 'streamlab';
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (e) => {
      this.closeCause ??= e.message;
    });
    this.closedPromise = new Promise((resolve) => {
      socket.once('close', () => {
        this.onClose();
        resolve();
      });
    });
  }

  /** Opens a connection (and authenticates, with `sasl`); rejects with kind 'connect' on refusal or after timeoutMs. */
  static async connect(host: string, port: number, opts: ConnectOptions = {}): Promise<KafkaConnection> {
    const conn = await KafkaConnection.open(host, port, opts);
    if (opts.sasl) {
      try {
        await conn.authenticate(opts.sasl);
      } catch (e) {
        await conn.close();
        throw e;
      }
    }
    return conn;
  }

  private static open(host: string, port: number, opts: ConnectOptions): Promise<KafkaConnection> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const t = opts.tls;
      const socket: net.Socket = t
        ? tls.connect({ host, port, ca: t.ca, cert: t.cert, key: t.key, servername: t.servername ?? (net.isIP(host) ? undefined : host) })
        : net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new KafkaConnectionError('connect', `connecting to ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const onError = (e: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new KafkaConnectionError('connect', `cannot connect to ${host}:${port}: ${e.message}`));
      };
      socket.once('error', onError);
      socket.once(t ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve(new KafkaConnection(socket, host, port, opts));
      });
    });
  }

  /** SaslHandshake v1 and SaslAuthenticate rounds; rejects with kind 'auth' and the broker's error. */
  async authenticate(sasl: NonNullable<ConnectOptions['sasl']>): Promise<void> {
    const refuse = (code: unknown, message: unknown) =>
      new KafkaConnectionError('auth', `SASL ${sasl.mechanism} authentication to ${this.host}:${this.port} failed: error ${String(code)}${message ? `: ${String(message)}` : ''}`);
    const hs = await this.request(ApiKey.SaslHandshake, 1, { mechanism: sasl.mechanism });
    if (hs.errorCode !== 0) throw refuse(hs.errorCode, `mechanisms offered: ${(hs.mechanisms as string[]).join(', ')}`);
    const round = async (bytes: Buffer): Promise<Buffer> => {
      const r = await this.request(ApiKey.SaslAuthenticate, 1, { authBytes: bytes });
      if (r.errorCode !== 0) throw refuse(r.errorCode, r.errorMessage);
      return Buffer.from(r.authBytes as Uint8Array);
    };
    if (sasl.mechanism === 'PLAIN') {
      await round(plainMessage(sasl.user, sasl.password));
      return;
    }
    const scram = new ScramClient(sasl.mechanism, sasl.user, sasl.password);
    const serverFirst = await round(scram.first());
    scram.verify(await round(scram.final(serverFirst)));
  }

  /** True once the socket is closed (by either side); every request then rejects. */
  get closed(): boolean {
    return this.closeCause !== null && this.socket.destroyed;
  }

  /** Requests sent and still waiting for a response (timed-out ones included until theirs arrives). */
  get inFlight(): number {
    return this.pending.length;
  }

  /** Resolves when the socket has closed. */
  waitClosed(): Promise<void> {
    return this.closedPromise;
  }

  /**
   * Sends one request and resolves with the decoded response body. With { expectResponse: false } it
   * resolves with null once written (Produce acks=0).
   */
  request(apiKey: number, apiVersion: number, body: Body, opts: RequestOptions & { expectResponse: false }): Promise<null>;
  request(apiKey: number, apiVersion: number, body: Body, opts?: RequestOptions): Promise<Body>;
  request(apiKey: number, apiVersion: number, body: Body, opts: RequestOptions = {}): Promise<Body | null> {
    const correlationId = this.takeCorrelationId();
    let frame: Buffer;
    try {
      frame = encodeRequest({ requestApiKey: apiKey, requestApiVersion: apiVersion, correlationId, clientId: this.clientId }, body);
    } catch (e) {
      return Promise.reject(e);
    }
    if (opts.expectResponse === false) return this.writeOnly(frame);
    return this.enqueue(frame, apiKey, apiVersion, correlationId, opts.timeoutMs) as Promise<Body>;
  }

  /**
   * Writes a frame exactly as given (size prefix included), for tests that send what a well-behaved
   * client never would. With { expectResponse: true } it waits for the next response in order and
   * resolves with its raw bytes (after the size prefix; the correlation id is not checked).
   */
  sendRaw(frame: Buffer, opts: RequestOptions & { expectResponse: true }): Promise<Buffer>;
  sendRaw(frame: Buffer, opts?: RequestOptions): Promise<Buffer | null>;
  sendRaw(frame: Buffer, opts: RequestOptions = {}): Promise<Buffer | null> {
    if (opts.expectResponse !== true) return this.writeOnly(frame);
    return this.enqueue(frame, null, -1, -1, opts.timeoutMs) as Promise<Buffer>;
  }

  /**
   * ApiVersions, then per api the highest version both this codec (messages/) and the broker speak.
   * The result is kept for versionFor().
   */
  async negotiateVersions(): Promise<Map<number, number>> {
    const ours = API_SPECS[ApiKey.ApiVersions]!;
    let res = await this.request(ApiKey.ApiVersions, ours.maxVersion, { clientSoftwareName: 'streamlab', clientSoftwareVersion: '0.1.0' });
    if (res.errorCode === UNSUPPORTED_VERSION) {
      // The v0 answer lists the ApiVersions versions the broker speaks: retry with the best common one.
      const theirs = (res.apiKeys as ApiVersionEntry[]).find((k) => k.apiKey === ApiKey.ApiVersions);
      const v = theirs ? Math.min(theirs.maxVersion, ours.maxVersion) : 0;
      res = await this.request(ApiKey.ApiVersions, v, { clientSoftwareName: 'streamlab', clientSoftwareVersion: '0.1.0' });
    }
    if (res.errorCode !== 0) throw new Error(`ApiVersions failed with error code ${String(res.errorCode)}`);
    this.versions = pickVersions(res.apiKeys as ApiVersionEntry[]);
    return this.versions;
  }

  /** The negotiated version of an api; throws if negotiateVersions() did not run or no version is common. */
  versionFor(apiKey: number): number {
    if (this.versions === null) throw new Error('negotiateVersions() has not run on this connection');
    const v = this.versions.get(apiKey);
    if (v === undefined) throw new Error(`the broker at ${this.host}:${this.port} and this client share no version of ${apiKeyName(apiKey)}`);
    return v;
  }

  /** Closes the socket; pending requests reject with kind 'closed'. */
  async close(): Promise<void> {
    this.closeCause ??= 'closed by the client';
    this.socket.destroy();
    await this.closedPromise;
  }

  // ---- internals -------------------------------------------------------------------------------

  private takeCorrelationId(): number {
    const id = this.nextCorrelationId;
    this.nextCorrelationId = id >= 0x7fffffff ? 1 : id + 1;
    return id;
  }

  private closedError(): KafkaConnectionError {
    return new KafkaConnectionError('closed', `connection to ${this.host}:${this.port} closed: ${this.closeCause ?? 'closed'}`);
  }

  private writeOnly(frame: Buffer): Promise<null> {
    if (this.socket.destroyed || this.closeCause !== null) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      this.socket.write(frame, (e) => (e ? reject(this.closedError()) : resolve(null)));
    });
  }

  private enqueue(frame: Buffer, apiKey: number | null, apiVersion: number, correlationId: number, timeoutMs: number | undefined): Promise<Body | Buffer> {
    if (this.socket.destroyed || this.closeCause !== null) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      const p: Pending = { apiKey, apiVersion, correlationId, resolve, reject, timer: undefined, abandoned: false };
      const ms = timeoutMs ?? this.timeoutMs;
      if (ms > 0 && Number.isFinite(ms)) {
        p.timer = setTimeout(() => {
          p.abandoned = true;
          const what = apiKey === null ? 'raw request' : `${apiKeyName(apiKey)} v${apiVersion} (correlation id ${correlationId})`;
          reject(new KafkaConnectionError('timeout', `${what} to ${this.host}:${this.port} timed out after ${ms} ms`));
        }, ms);
        p.timer.unref();
      }
      this.pending.push(p);
      this.socket.write(frame);
    });
  }

  private onData(data: Buffer): void {
    this.chunks.push(data);
    this.buffered += data.length;
    while (this.buffered >= 4) {
      const size = this.peekInt32();
      if (size < 0 || size > this.maxResponseBytes) {
        this.fail(`response frame size ${size} outside [0, ${this.maxResponseBytes}]`);
        return;
      }
      if (this.buffered < 4 + size) return;
      this.take(4);
      this.onFrame(this.take(size));
      if (this.socket.destroyed) return;
    }
  }

  private onFrame(frame: Buffer): void {
    const p = this.pending.shift();
    if (p === undefined) {
      this.fail('a response arrived with no request waiting for it');
      return;
    }
    if (p.timer) clearTimeout(p.timer);
    if (p.apiKey === null) {
      if (!p.abandoned) p.resolve(frame);
      return;
    }
    const correlationId = frame.length >= 4 ? frame.readInt32BE(0) : -1;
    if (correlationId !== p.correlationId) {
      const err = `response correlation id ${correlationId} does not match ${p.correlationId} (${apiKeyName(p.apiKey)} v${p.apiVersion})`;
      if (!p.abandoned) p.reject(new KafkaConnectionError('protocol', err));
      this.fail(err);
      return;
    }
    if (p.abandoned) return;
    try {
      p.resolve(decodeResponseBody(p.apiKey, p.apiVersion, frame));
    } catch (e) {
      // The framing is intact, so the connection stays usable; only this request fails.
      p.reject(e as Error);
    }
  }

  private fail(cause: string): void {
    this.closeCause ??= cause;
    this.socket.destroy();
  }

  private onClose(): void {
    this.closeCause ??= 'closed by the broker';
    const err = this.closedError();
    const pending = this.pending.splice(0);
    for (const p of pending) {
      if (p.timer) clearTimeout(p.timer);
      if (!p.abandoned) p.reject(err);
    }
    this.chunks = [];
    this.buffered = 0;
  }

  private peekInt32(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32BE(0);
    return Buffer.concat(this.chunks, 4).readInt32BE(0);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      const k = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, k);
      filled += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= n;
    return out;
  }
}

interface ApiVersionEntry {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

function decodeResponseBody(apiKey: number, apiVersion: number, frame: Buffer): Body {
  // ApiVersions answers an unknown version in v0 with UNSUPPORTED_VERSION (header v0: correlation id,
  // then error_code as in every version).
  if (apiKey === ApiKey.ApiVersions && apiVersion > 0 && frame.length >= 6 && frame.readInt16BE(4) === UNSUPPORTED_VERSION) {
    return decodeResponse(apiKey, 0, frame).body;
  }
  return decodeResponse(apiKey, apiVersion, frame).body;
}

/** Per api known to both sides, the highest version in the intersection of the two ranges. */
export function pickVersions(brokerApis: readonly ApiVersionEntry[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const theirs of brokerApis) {
    const ours = API_SPECS[theirs.apiKey];
    if (ours === undefined) continue;
    const max = Math.min(ours.maxVersion, theirs.maxVersion);
    const min = Math.max(ours.minVersion, theirs.minVersion);
    if (max >= min) out.set(theirs.apiKey, max);
  }
  return out;
}
