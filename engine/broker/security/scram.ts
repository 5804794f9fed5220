// SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677) as Kafka's ScramSaslServer speaks them: one exchange of
// client-first -> server-first -> client-final -> server-final over SaslAuthenticate. Credentials are kept as
// Kafka keeps them (salt, StoredKey, ServerKey, iterations) — never the password — so AlterUserScramCredentials,
// which carries a salted password, fits without ever seeing the password either.
//
// Failures throw SaslAuthenticationError; the listener answers SASL_AUTHENTICATION_FAILED and closes the
// connection after the response, as Kafka does.

import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** Kafka's ScramMechanism enum values, used by Describe/AlterUserScramCredentials. */
export const SCRAM_MECHANISM_TYPE: Record<ScramMechanism, number> = { 'SCRAM-SHA-256': 1, 'SCRAM-SHA-512': 2 };
export const SCRAM_MIN_ITERATIONS = 4096;
export const SCRAM_MAX_ITERATIONS = 16384;

const HASH: Record<ScramMechanism, { name: 'sha256' | 'sha512'; bytes: number }> = {
  'SCRAM-SHA-256': { name: 'sha256', bytes: 32 },
  'SCRAM-SHA-512': { name: 'sha512', bytes: 64 },
};

export interface ScramCredential {
  mechanism: ScramMechanism;
  salt: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
  iterations: number;
}

export class SaslAuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SaslAuthenticationError';
  }
}

const hmac = (m: ScramMechanism, key: Buffer, data: string | Buffer): Buffer => createHmac(HASH[m].name, key).update(data).digest();
const hash = (m: ScramMechanism, data: Buffer): Buffer => createHash(HASH[m].name).update(data).digest();

/** The credential for a salted password (what AlterUserScramCredentials sends). */
export function credentialFromSaltedPassword(mechanism: ScramMechanism, salt: Buffer, saltedPassword: Buffer, iterations: number): ScramCredential {
  const clientKey = hmac(mechanism, saltedPassword, 'Client Key');
  return { mechanism, salt, iterations, storedKey: hash(mechanism, clientKey), serverKey: hmac(mechanism, saltedPassword, 'Server Key') };
}

export function saltPassword(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  return pbkdf2Sync(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, iterations, HASH[mechanism].bytes, HASH[mechanism].name);
}

/** A new credential for a password (users created from the UI or the CLI). */
export function credentialFromPassword(mechanism: ScramMechanism, password: string, iterations = SCRAM_MIN_ITERATIONS): ScramCredential {
  const salt = randomBytes(24);
  return credentialFromSaltedPassword(mechanism, salt, saltPassword(mechanism, password, salt, iterations), iterations);
}

/** RFC 5802 saslname: '=' and ',' are escaped as =3D and =2C. */
function decodeSaslName(s: string): string {
  if (/=(?!2C|3D)/.test(s)) throw new SaslAuthenticationError('Invalid username encoding');
  return s.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

function attributes(msg: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of msg.split(',')) {
    const eq = part.indexOf('=');
    if (eq !== 1) throw new SaslAuthenticationError(`Invalid SCRAM message: ${JSON.stringify(msg.slice(0, 80))}`);
    out.set(part[0], part.slice(2));
  }
  return out;
}

type Lookup = (user: string, mechanism: ScramMechanism) => ScramCredential | undefined;

/** One server side of one SCRAM exchange. `step` takes each client message and returns the server's answer. */
export class ScramServer {
  private state: 'first' | 'final' | 'done' = 'first';
  private clientFirstBare = '';
  private serverFirst = '';
  private gs2Header = '';
  private nonce = '';
  private credential?: ScramCredential;
  /** The authenticated user, once `complete`. */
  user = '';

  constructor(readonly mechanism: ScramMechanism, private readonly lookup: Lookup, private readonly serverNonce = randomBytes(18).toString('base64')) {}

  get complete(): boolean {
    return this.state === 'done';
  }

  step(message: Buffer): Buffer {
    const text = message.toString('utf8');
    if (this.state === 'first') return this.first(text);
    if (this.state === 'final') return this.final(text);
    throw new SaslAuthenticationError('SCRAM exchange already complete');
  }

  private first(text: string): Buffer {
    // gs2-header: "n,," or "y,," (no channel binding: Kafka supports none), optionally with an authzid "a=...".
    const m = /^([ny]),(a=[^,]*)?,(.*)$/s.exec(text);
    if (!m) {
      if (text.startsWith('p=')) throw new SaslAuthenticationError('Channel binding is not supported');
      throw new SaslAuthenticationError('Invalid SCRAM client-first message');
    }
    this.gs2Header = `${m[1]},${m[2] ?? ''},`;
    this.clientFirstBare = m[3];
    const attrs = attributes(this.clientFirstBare.split(',').filter((p) => !p.startsWith('tokenauth=')).join(','));
    const user = attrs.get('n');
    const clientNonce = attrs.get('r');
    if (user === undefined || !clientNonce) throw new SaslAuthenticationError('Invalid SCRAM client-first message');
    this.user = decodeSaslName(user);
    if (m[2] && decodeSaslName(m[2].slice(2)) !== this.user) throw new SaslAuthenticationError('Authorization id must match the user name');
    this.credential = this.lookup(this.user, this.mechanism);
    if (!this.credential) throw new SaslAuthenticationError(`Authentication failed during authentication due to invalid credentials with SASL mechanism ${this.mechanism}`);
    this.nonce = clientNonce + this.serverNonce;
    this.serverFirst = `r=${this.nonce},s=${this.credential.salt.toString('base64')},i=${this.credential.iterations}`;
    this.state = 'final';
    return Buffer.from(this.serverFirst);
  }

  private final(text: string): Buffer {
    const attrs = attributes(text);
    const proof = attrs.get('p');
    const withoutProof = text.slice(0, text.lastIndexOf(',p='));
    if (!proof || attrs.get('r') !== this.nonce) throw new SaslAuthenticationError('Invalid SCRAM client-final message: nonce mismatch');
    if (attrs.get('c') !== Buffer.from(this.gs2Header).toString('base64')) throw new SaslAuthenticationError('Invalid SCRAM client-final message: channel binding mismatch');
    const cred = this.credential!;
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const signature = hmac(this.mechanism, cred.storedKey, authMessage);
    const given = Buffer.from(proof, 'base64');
    if (given.length !== signature.length) throw this.invalid();
    const clientKey = Buffer.alloc(given.length);
    for (let i = 0; i < given.length; i++) clientKey[i] = given[i] ^ signature[i];
    if (!timingSafeEqual(hash(this.mechanism, clientKey), cred.storedKey)) throw this.invalid();
    this.state = 'done';
    return Buffer.from(`v=${hmac(this.mechanism, cred.serverKey, authMessage).toString('base64')}`);
  }

  private invalid(): SaslAuthenticationError {
    return new SaslAuthenticationError(`Authentication failed during authentication due to invalid credentials with SASL mechanism ${this.mechanism}`);
  }
}

/** The client side, for our own protocol client and for tests. */
export class ScramClient {
  private clientFirstBare = '';
  private authMessage = '';
  private saltedPassword: Buffer = Buffer.alloc(0);

  constructor(readonly mechanism: ScramMechanism, private readonly user: string, private readonly password: string, private readonly clientNonce = randomBytes(18).toString('base64')) {}

  first(): Buffer {
    this.clientFirstBare = `n=${this.user.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${this.clientNonce}`;
    return Buffer.from(`n,,${this.clientFirstBare}`);
  }

  final(serverFirst: Buffer): Buffer {
    const text = serverFirst.toString('utf8');
    const attrs = attributes(text);
    const nonce = attrs.get('r')!;
    if (!nonce?.startsWith(this.clientNonce)) throw new SaslAuthenticationError('Server nonce does not extend the client nonce');
    const iterations = Number(attrs.get('i'));
    this.saltedPassword = saltPassword(this.mechanism, this.password, Buffer.from(attrs.get('s') ?? '', 'base64'), iterations);
    const withoutProof = `c=${Buffer.from('n,,').toString('base64')},r=${nonce}`;
    this.authMessage = `${this.clientFirstBare},${text},${withoutProof}`;
    const clientKey = hmac(this.mechanism, this.saltedPassword, 'Client Key');
    const signature = hmac(this.mechanism, hash(this.mechanism, clientKey), this.authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i] ^ signature[i];
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`);
  }

  /** Checks the server's signature: a server that does not know the credential cannot forge it. */
  verify(serverFinal: Buffer): void {
    const expected = hmac(this.mechanism, hmac(this.mechanism, this.saltedPassword, 'Server Key'), this.authMessage).toString('base64');
    if (serverFinal.toString('utf8') !== `v=${expected}`) throw new SaslAuthenticationError('Invalid server signature');
  }
}
