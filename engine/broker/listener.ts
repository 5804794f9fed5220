// One broker's TCP listener: Kafka framing (int32 size + request), one request at a time per connection
// (Kafka mutes a connection while a request is in flight, which is what keeps pipelined responses in
// order), socket.request.max.bytes enforced before a byte of the body is buffered, idle connections closed
// after connections.max.idle.ms.
//
// Bad input never reaches beyond its connection: an oversize or negative frame size, a body that does not
// decode, or an unsupported version of an API other than ApiVersions closes that connection (as Kafka does);
// an unsupported ApiVersions version gets Kafka's v0 answer with UNSUPPORTED_VERSION (KIP-511).
//
// Security: with TLS the listener is a node:tls server (ssl.client.auth: a client certificate is asked for when
// 'requested' and demanded when 'required'; its subject becomes the principal). With SASL every connection has
// its own SaslAuthenticator: before authentication only ApiVersions and the SASL apis are served (anything else
// closes the connection), a failed authentication closes it once its answer is sent, and an expired session
// (connections.max.reauth.ms) closes it at the next request that is not a re-authentication. A SaslHandshake v0
// is followed by raw SASL tokens (size-prefixed, no request header) until the exchange completes, as Kafka's
// SaslServerAuthenticator allows for old clients.

import net from 'node:net';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { decodeRequest, encodeResponseChunks, encodeUnsupportedApiVersionsResponse } from '../protocol/codec.ts';
import { ApiKey, ADVERTISED_API_VERSIONS, apiKeyName } from '../protocol/api-keys.ts';
import { isProtocolError, isUnsupportedRequestError } from '../protocol/codec-errors.ts';
import type { RequestContext } from './handlers/context.ts';
import { NO_SASL, SaslAuthenticator, type SaslSettings } from './security/sasl-authenticator.ts';
import { principalOfCertificate } from './security/certificates.ts';
import { ANONYMOUS, type SslClientAuth } from './security/security-config.ts';

export const SOCKET_REQUEST_MAX_BYTES = 100 * 1024 * 1024; // socket.request.max.bytes
export const CONNECTIONS_MAX_IDLE_MS = 10 * 60 * 1000; // connections.max.idle.ms

/**
 * The transport's view of a handler: a decoded body in, a body to encode out, or null for requests that get no
 * response (Produce with acks=0). The typed handlers (handlers/index.ts) are bound to this by api key.
 */
export type RequestHandler = (body: Record<string, unknown>, ctx: RequestContext) => Promise<ResponseBody | null> | ResponseBody | null;

/** A response body for the encoder; its schema is the response schema of the request's api key. */
export type ResponseBody = Record<string, unknown>;

/**
 * Thrown by a handler whose request must be answered by closing the connection: an acks=0 Produce that
 * failed (the producer gets no response, so only a closed connection tells it to refresh its metadata).
 */
export class CloseConnection extends Error {
  override name = 'CloseConnection';
}

export interface ListenerOptions {
  host: string;
  port: number;
  handlers: ReadonlyMap<number, RequestHandler>;
  maxRequestBytes?: number;
  idleMs?: number;
  log?: (msg: string) => void;
  /** TLS (SSL, SASL_SSL listeners). */
  tls?: { key: string; cert: string; ca: string; clientAuth: SslClientAuth };
  /** SASL (SASL_PLAINTEXT, SASL_SSL listeners). */
  sasl?: SaslSettings;
  /** The authorizer's check; without one every request is allowed. */
  authorize?: (principal: string, host: string, operation: number, resourceType: number, resourceName: string) => boolean;
  /** Whether the caller may do the operation on some resource of the type; without an authorizer, true. */
  authorizeByResourceType?: (principal: string, host: string, operation: number, resourceType: number) => boolean;
  /** A TLS peer presenting this certificate (the brokers' own) is this principal, whatever ssl.client.auth says. */
  interBroker?: { cert: string; principal: string };
  /** A connection closed (by either side), with its id as handlers saw it in connectionId. */
  onConnectionClosed?: (connectionId: number) => void;
}

/** The security state of one connection, which the SASL handlers drive. */
export interface ConnectionSecurity {
  principal: string;
  sasl: Pick<SaslAuthenticator, 'handshake' | 'authenticate'>;
  /** Set by SaslHandshake v0: raw SASL tokens follow. */
  rawTokens: boolean;
  /** Set by a handler whose response must be the connection's last. */
  closeAfterResponse: boolean;
}

export interface ListenerStats {
  connections: number;
  requests: number;
  bytesIn: number;
  bytesOut: number;
  closedForBadInput: number;
}

export class Listener {
  private server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private nextConnectionId = 1;
  readonly stats: ListenerStats = { connections: 0, requests: 0, bytesIn: 0, bytesOut: 0, closedForBadInput: 0 };
  port = 0;

  private constructor(private readonly opts: ListenerOptions) {
    const t = opts.tls;
    this.server = t
      ? tls.createServer({
        key: t.key, cert: t.cert, ca: [t.ca],
        // 'none' still asks, without insisting: only the brokers' own certificate is then looked at.
        requestCert: true,
        rejectUnauthorized: t.clientAuth === 'required',
      }, (s) => this.accept(s))
      : net.createServer((s) => this.accept(s));
    if (t) this.server.on('tlsClientError', (e) => opts.log?.(`TLS handshake failed: ${e.message}`));
  }

  static async start(opts: ListenerOptions): Promise<Listener> {
    const l = new Listener(opts);
    await new Promise<void>((resolve, reject) => {
      l.server.once('error', reject);
      l.server.listen({ host: opts.host, port: opts.port, exclusive: true }, () => {
        l.server.off('error', reject);
        resolve();
      });
    });
    l.port = (l.server.address() as net.AddressInfo).port;
    return l;
  }

  /** Stops accepting and closes every connection. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const id = this.nextConnectionId++;
    const maxBytes = this.opts.maxRequestBytes ?? SOCKET_REQUEST_MAX_BYTES;
    this.sockets.add(socket);
    this.stats.connections++;
    socket.setNoDelay(true);
    socket.setTimeout(this.opts.idleMs ?? CONNECTIONS_MAX_IDLE_MS, () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.stats.connections--;
      this.opts.onConnectionClosed?.(id);
    });
    socket.on('error', () => socket.destroy());
    const clientHost = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const authenticator = this.opts.sasl ? new SaslAuthenticator(this.opts.sasl) : undefined;
    const security: ConnectionSecurity = {
      principal: this.tlsPrincipal(socket),
      sasl: authenticator ?? NO_SASL,
      rawTokens: false,
      closeAfterResponse: false,
    };

    let chunks: Buffer[] = [];
    let buffered = 0;
    let busy = false;
    let corked = false;
    const frames: Buffer[] = [];

    const bad = (why: string) => {
      this.stats.closedForBadInput++;
      this.opts.log?.(`connection ${id} from ${clientHost} closed: ${why}`);
      socket.destroy();
    };

    const take = (n: number): Buffer => {
      // Gather exactly n bytes from the front of the chunk list.
      if (n === 0) return Buffer.alloc(0);
      if (chunks[0].length >= n) {
        const out = chunks[0].subarray(0, n);
        if (chunks[0].length === n) chunks.shift();
        else chunks[0] = chunks[0].subarray(n);
        buffered -= n;
        return out;
      }
      const out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const c = chunks[0];
        const k = Math.min(c.length, n - filled);
        c.copy(out, filled, 0, k);
        filled += k;
        if (k === c.length) chunks.shift();
        else chunks[0] = c.subarray(k);
      }
      buffered -= n;
      return out;
    };

    const peekSize = (): number => {
      if (chunks[0].length >= 4) return chunks[0].readInt32BE(0);
      const head = Buffer.concat(chunks, Math.min(buffered, 8));
      return head.readInt32BE(0);
    };

    const pump = async () => {
      if (busy) return;
      busy = true;
      try {
        let handled = 0;
        while (frames.length > 0 && !socket.destroyed) {
          // Let other connections in every few requests: one busy pipeline must not starve the rest.
          if (++handled % 8 === 0) await new Promise((r) => setImmediate(r));
          const frame = frames.shift()!;
          const out = security.rawTokens && authenticator
            ? this.rawToken(frame, authenticator, security)
            : await this.handle(frame, id, clientHost, security, authenticator);
          if (out === 'close') {
            socket.destroy();
            return;
          }
          if (security.closeAfterResponse) {
            if (out) socket.end(Buffer.concat(out));
            else socket.destroy();
            return;
          }
          if (out && !socket.destroyed) {
            // Responses produced in one turn of the event loop leave in one write (pipelined requests).
            if (!corked) {
              corked = true;
              socket.cork();
              setImmediate(() => {
                corked = false;
                socket.uncork();
              });
            }
            let ok = true;
            for (const b of out) {
              this.stats.bytesOut += b.length;
              ok = socket.write(b) && ok;
            }
            if (!ok) await drained(socket);
          }
        }
      } finally {
        busy = false;
        if (socket.isPaused() && !socket.destroyed) socket.resume();
      }
    };

    socket.on('data', (data: Buffer) => {
      this.stats.bytesIn += data.length;
      chunks.push(data);
      buffered += data.length;
      while (buffered >= 4) {
        const size = peekSize();
        if (size < 0 || size > maxBytes) {
          chunks = [];
          buffered = 0;
          bad(`frame size ${size} outside [0, ${maxBytes}] (socket.request.max.bytes)`);
          return;
        }
        if (buffered < 4 + size) break;
        take(4);
        frames.push(take(size));
      }
      // Backpressure: hold the socket while requests queue up behind one in flight.
      if (frames.length > 16 || buffered > maxBytes) socket.pause();
      void pump();
    });
  }

  /** Kafka's default principal of a TLS peer: its certificate's subject (ANONYMOUS without one, or on plain TCP). */
  private tlsPrincipal(socket: net.Socket): string {
    if (!(socket instanceof tls.TLSSocket)) return ANONYMOUS;
    const peer = socket.getPeerCertificate(false);
    if (!peer?.raw || !socket.authorized) return ANONYMOUS;
    const ib = this.opts.interBroker;
    if (ib && new X509Certificate(ib.cert).raw.equals(peer.raw)) return ib.principal;
    if (this.opts.tls?.clientAuth === 'none') return ANONYMOUS;
    return principalOfCertificate(peer.raw);
  }

  /** One raw SASL token after a SaslHandshake v0: the answer goes back size-prefixed, a failure closes. */
  private rawToken(frame: Buffer, authenticator: SaslAuthenticator, security: ConnectionSecurity): Buffer[] | 'close' {
    let answer;
    try {
      answer = authenticator.authenticate(frame);
    } catch (e) {
      this.opts.log?.(`SASL token could not be processed: ${(e as Error).stack ?? e}; closing`);
      return 'close';
    }
    if (answer.ErrorCode !== 0) {
      this.opts.log?.(`SASL authentication failed: ${answer.ErrorMessage ?? ''}`);
      return 'close';
    }
    if (authenticator.principal !== undefined) {
      security.principal = authenticator.principal;
      security.rawTokens = false;
    }
    const size = Buffer.alloc(4);
    size.writeInt32BE(answer.AuthBytes.length);
    return [size, answer.AuthBytes];
  }

  /** Decodes and runs one request. Returns the response chunks, null for no response, or 'close'. */
  private async handle(frame: Buffer, connectionId: number, clientHost: string, security: ConnectionSecurity, authenticator?: SaslAuthenticator): Promise<Buffer[] | null | 'close'> {
    this.stats.requests++;
    let decoded;
    try {
      decoded = decodeRequest(frame);
    } catch (e) {
      if (isUnsupportedRequestError(e)) {
        if (e.apiKey === ApiKey.ApiVersions) return [encodeUnsupportedApiVersionsResponse(e.correlationId, ADVERTISED_API_VERSIONS)];
        this.stats.closedForBadInput++;
        this.opts.log?.(`connection ${connectionId}: ${e.message}; closing`);
        return 'close';
      }
      if (isProtocolError(e)) {
        this.stats.closedForBadInput++;
        this.opts.log?.(`connection ${connectionId}: malformed request: ${e.message}; closing`);
        return 'close';
      }
      throw e;
    }
    const { header, body } = decoded;
    const handler = this.opts.handlers.get(header.requestApiKey);
    if (!handler) {
      this.opts.log?.(`connection ${connectionId}: no handler for ${apiKeyName(header.requestApiKey)}; closing`);
      return 'close';
    }
    if (authenticator && !authenticator.admits(header.requestApiKey)) {
      this.opts.log?.(`connection ${connectionId}: ${apiKeyName(header.requestApiKey)} ${authenticator.principal ? 'after the SASL session expired' : 'before SASL authentication'}; closing`);
      return 'close';
    }
    const authorize = this.opts.authorize;
    const byType = this.opts.authorizeByResourceType;
    const ctx: RequestContext = {
      header, apiVersion: header.requestApiVersion, clientId: header.clientId ?? '', clientHost, connectionId, security,
      get principal() { return security.principal; },
      authorize: (operation, resourceType, name) => !authorize || authorize(security.principal, clientHost, operation, resourceType, name),
      authorizeByResourceType: (operation, resourceType) => !byType || byType(security.principal, clientHost, operation, resourceType),
    };
    let response: ResponseBody | null;
    try {
      response = await handler(body, ctx);
      if (authenticator?.principal !== undefined) security.principal = authenticator.principal;
    } catch (e) {
      if (e instanceof CloseConnection) {
        this.opts.log?.(`connection ${connectionId}: closing as the request asks: ${e.message}`);
        return 'close';
      }
      this.opts.log?.(`connection ${connectionId}: ${apiKeyName(header.requestApiKey)} v${header.requestApiVersion} failed: ${(e as Error).stack ?? e}; closing`);
      return 'close';
    }
    if (response === null) return null;
    try {
      return encodeResponseChunks(header.requestApiKey, header.requestApiVersion, header.correlationId, response);
    } catch (e) {
      // A handler produced a response its version cannot carry: a bug, but it must not hang the client.
      this.opts.log?.(`connection ${connectionId}: could not encode the ${apiKeyName(header.requestApiKey)} v${header.requestApiVersion} response: ${(e as Error).message}; closing`);
      return 'close';
    }
  }
}

/** Resolves when the socket can take more, or has closed; removes whichever listener did not fire. */
function drained(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.once('drain', done);
    socket.once('close', done);
  });
}
