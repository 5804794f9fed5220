// SASL PLAIN (RFC 4616) as Kafka's PlainServer checks it: one message "authzid NUL authcid NUL passwd"; the
// authorization id, if present, must equal the user. Users and passwords come from the listener's JAAS-like
// user table (the cluster's security settings).

import { timingSafeEqual } from 'node:crypto';
import { SaslAuthenticationError } from './scram.ts';

export function authenticatePlain(message: Buffer, passwordOf: (user: string) => string | undefined): string {
  const parts = message.toString('utf8').split('\u0000');
  if (parts.length !== 3) throw new SaslAuthenticationError('Invalid SASL/PLAIN response: expected 3 tokens');
  const [authzid, user, password] = parts;
  if (!user) throw new SaslAuthenticationError('Authentication failed: username not specified');
  if (!password) throw new SaslAuthenticationError('Authentication failed: password not specified');
  if (authzid && authzid !== user) throw new SaslAuthenticationError('Authentication failed: Client requested an authorization id that is different from username');
  const expected = passwordOf(user);
  const a = Buffer.from(password);
  const b = Buffer.from(expected ?? '');
  if (expected === undefined || a.length !== b.length || !timingSafeEqual(a, b)) throw new SaslAuthenticationError('Authentication failed: Invalid username or password');
  return user;
}

export function plainMessage(user: string, password: string): Buffer {
  return Buffer.from(`\u0000${user}\u0000${password}`);
}
