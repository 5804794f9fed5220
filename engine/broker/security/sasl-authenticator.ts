// The SASL side of one connection, as Kafka's SaslServerAuthenticator runs it on a SASL_PLAINTEXT or SASL_SSL
// listener:
//   handshake -> (ApiVersions, SaslHandshake) -> authenticate -> (SaslAuthenticate, as many rounds as the
//   mechanism needs) -> authenticated
// Before authentication only ApiVersions, SaslHandshake and SaslAuthenticate are served; anything else closes the
// connection (Kafka's IllegalSaslStateException). A failed authentication answers SASL_AUTHENTICATION_FAILED and
// closes the connection after the response. With connections.max.reauth.ms > 0 the session has a lifetime
// (KIP-368): SaslAuthenticate v1+ tells the client, the client re-authenticates with a new SaslHandshake on the
// same connection before it ends, and a request after the session expired closes the connection. A
// re-authentication may not change the principal.
//
// On a listener without SASL, SaslHandshake and SaslAuthenticate answer ILLEGAL_SASL_STATE, as Kafka does.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { authenticatePlain } from './plain.ts';
import { SaslAuthenticationError, ScramServer, type ScramCredential, type ScramMechanism } from './scram.ts';

export type SaslMechanism = 'PLAIN' | ScramMechanism;
export const SASL_MECHANISMS: readonly SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

export interface SaslUsers {
  /** PLAIN: the password of a user, from the cluster's user table. */
  plainPassword(user: string): string | undefined;
  /** SCRAM: the stored credential of a user for a mechanism. */
  scramCredential(user: string, mechanism: ScramMechanism): ScramCredential | undefined;
}

export interface SaslSettings {
  enabledMechanisms: readonly SaslMechanism[];
  users: SaslUsers;
  /** connections.max.reauth.ms; 0 = sessions do not expire. */
  maxReauthMs: number;
  now?: () => number;
}

export interface HandshakeAnswer {
  ErrorCode: number;
  Mechanisms: string[];
}

export interface AuthenticateAnswer {
  ErrorCode: number;
  ErrorMessage: string | null;
  AuthBytes: Buffer;
  SessionLifetimeMs: bigint;
  /** The connection must close once this answer is sent. */
  close: boolean;
}

type Exchange = { mechanism: SaslMechanism; step(bytes: Buffer): { reply: Buffer; user?: string } };

const PRE_AUTH_APIS = new Set([18 /* ApiVersions */, 17 /* SaslHandshake */, 36 /* SaslAuthenticate */]);

export class SaslAuthenticator {
  private state: 'handshake' | 'authenticate' | 'authenticated' = 'handshake';
  private exchange?: Exchange;
  private expiresAt = Infinity;
  /** "User:<name>" once authenticated. */
  principal?: string;

  constructor(private readonly settings: SaslSettings) {}

  private now(): number {
    return this.settings.now?.() ?? Date.now();
  }

  /** Whether a request with this api key may be served now; false means: close the connection. */
  admits(apiKey: number): boolean {
    if (this.principal === undefined) return PRE_AUTH_APIS.has(apiKey);
    // Authenticated once: everything, until the session expires; then only a re-authentication.
    return this.now() < this.expiresAt || apiKey === 17 || apiKey === 36;
  }

  handshake(mechanism: string): HandshakeAnswer {
    const mechanisms = [...this.settings.enabledMechanisms];
    // A handshake on an authenticated connection starts a re-authentication (KIP-368).
    if (this.state === 'authenticate') return { ErrorCode: ErrorCode.ILLEGAL_SASL_STATE, Mechanisms: mechanisms };
    if (!mechanisms.includes(mechanism as SaslMechanism)) return { ErrorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, Mechanisms: mechanisms };
    this.exchange = this.start(mechanism as SaslMechanism);
    this.state = 'authenticate';
    return { ErrorCode: ErrorCode.NONE, Mechanisms: mechanisms };
  }

  authenticate(bytes: Buffer): AuthenticateAnswer {
    const fail = (code: number, message: string): AuthenticateAnswer => ({ ErrorCode: code, ErrorMessage: message, AuthBytes: Buffer.alloc(0), SessionLifetimeMs: 0n, close: true });
    if (this.state !== 'authenticate' || !this.exchange) return fail(ErrorCode.ILLEGAL_SASL_STATE, 'SaslAuthenticate request received before a SaslHandshake');
    try {
      const { reply, user } = this.exchange.step(bytes);
      if (user === undefined) return { ErrorCode: ErrorCode.NONE, ErrorMessage: null, AuthBytes: reply, SessionLifetimeMs: 0n, close: false };
      const principal = `User:${user}`;
      if (this.principal !== undefined && this.principal !== principal) return fail(ErrorCode.SASL_AUTHENTICATION_FAILED, 'Cannot change principals during re-authentication');
      this.principal = principal;
      this.state = 'authenticated';
      this.exchange = undefined;
      const lifetime = this.settings.maxReauthMs > 0 ? this.settings.maxReauthMs : 0;
      this.expiresAt = lifetime > 0 ? this.now() + lifetime : Infinity;
      return { ErrorCode: ErrorCode.NONE, ErrorMessage: null, AuthBytes: reply, SessionLifetimeMs: BigInt(lifetime), close: false };
    } catch (e) {
      if (e instanceof SaslAuthenticationError) return fail(ErrorCode.SASL_AUTHENTICATION_FAILED, e.message);
      throw e;
    }
  }

  private start(mechanism: SaslMechanism): Exchange {
    const users = this.settings.users;
    if (mechanism === 'PLAIN') return { mechanism, step: (bytes) => ({ reply: Buffer.alloc(0), user: authenticatePlain(bytes, (u) => users.plainPassword(u)) }) };
    const server = new ScramServer(mechanism, (u, m) => users.scramCredential(u, m));
    return { mechanism, step: (bytes) => { const reply = server.step(bytes); return { reply, user: server.complete ? server.user : undefined }; } };
  }
}

/** The answers of a listener that has no SASL (PLAINTEXT, SSL). */
export const NO_SASL = {
  handshake: (): HandshakeAnswer => ({ ErrorCode: ErrorCode.ILLEGAL_SASL_STATE, Mechanisms: [] }),
  authenticate: (): AuthenticateAnswer => ({ ErrorCode: ErrorCode.ILLEGAL_SASL_STATE, ErrorMessage: 'SASL is not enabled on this listener', AuthBytes: Buffer.alloc(0), SessionLifetimeMs: 0n, close: false }),
};
