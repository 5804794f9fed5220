// SCRAM's salted password (RFC 5802 Hi(): PBKDF2 with the mechanism's hash), what AlterUserScramCredentials carries.

import { pbkdf2Sync } from 'node:crypto';

export function saltedPassword(mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512', password: string, salt: Buffer, iterations: number): Buffer {
  const [hash, bytes] = mechanism === 'SCRAM-SHA-256' ? ['sha256', 32] as const : ['sha512', 64] as const;
  return pbkdf2Sync(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, iterations, bytes, hash);
}
