import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { plainMessage } from './plain.ts';
import { NO_SASL, SaslAuthenticator, type SaslSettings } from './sasl-authenticator.ts';
import { credentialFromPassword, ScramClient } from './scram.ts';

const scram = credentialFromPassword('SCRAM-SHA-512', 'bob-secret');
function settings(now: { t: number }, maxReauthMs = 0): SaslSettings {
  return {
    enabledMechanisms: ['PLAIN', 'SCRAM-SHA-512'],
    users: {
      plainPassword: (u) => (u === 'alice' ? 'alice-secret' : undefined),
      scramCredential: (u, m) => (u === 'bob' && m === 'SCRAM-SHA-512' ? scram : undefined),
    },
    maxReauthMs,
    now: () => now.t,
  };
}

describe('SaslAuthenticator', () => {
  it('serves only ApiVersions and the SASL APIs before authentication', () => {
    const a = new SaslAuthenticator(settings({ t: 0 }));
    expect([18, 17, 36].map((k) => a.admits(k))).toEqual([true, true, true]);
    expect(a.admits(3)).toBe(false); // Metadata closes the connection
  });

  it('PLAIN: a handshake, one token, authenticated as User:alice', () => {
    const a = new SaslAuthenticator(settings({ t: 0 }));
    expect(a.handshake('PLAIN')).toEqual({ ErrorCode: 0, Mechanisms: ['PLAIN', 'SCRAM-SHA-512'] });
    const r = a.authenticate(plainMessage('alice', 'alice-secret'));
    expect(r).toMatchObject({ ErrorCode: 0, close: false });
    expect(a.principal).toBe('User:alice');
    expect(a.admits(3)).toBe(true);
  });

  it('SCRAM: two rounds; a wrong password is SASL_AUTHENTICATION_FAILED and closes', () => {
    const a = new SaslAuthenticator(settings({ t: 0 }));
    a.handshake('SCRAM-SHA-512');
    const c = new ScramClient('SCRAM-SHA-512', 'bob', 'bob-secret');
    const first = a.authenticate(c.first());
    expect(first.ErrorCode).toBe(0);
    expect(a.principal).toBeUndefined();
    const final = a.authenticate(c.final(first.AuthBytes));
    expect(() => c.verify(final.AuthBytes)).not.toThrow();
    expect(a.principal).toBe('User:bob');

    const b = new SaslAuthenticator(settings({ t: 0 }));
    b.handshake('SCRAM-SHA-512');
    const w = new ScramClient('SCRAM-SHA-512', 'bob', 'wrong');
    const r = b.authenticate(w.final(b.authenticate(w.first()).AuthBytes));
    expect(r).toMatchObject({ ErrorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, close: true });
    expect(r.ErrorMessage).toMatch(/invalid credentials with SASL mechanism SCRAM-SHA-512/);
    expect(b.principal).toBeUndefined();
  });

  it('an unsupported mechanism, and SaslAuthenticate before a handshake, get Kafka errors', () => {
    const a = new SaslAuthenticator(settings({ t: 0 }));
    expect(a.handshake('GSSAPI').ErrorCode).toBe(ErrorCode.UNSUPPORTED_SASL_MECHANISM);
    expect(a.authenticate(Buffer.from('x')).ErrorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
    expect(NO_SASL.handshake().ErrorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
  });

  it('KIP-368: the session lifetime is told, expiry closes, re-authentication keeps the principal', () => {
    const now = { t: 1_000 };
    const a = new SaslAuthenticator(settings(now, 60_000));
    a.handshake('PLAIN');
    expect(a.authenticate(plainMessage('alice', 'alice-secret')).SessionLifetimeMs).toBe(60_000n);
    now.t += 59_000;
    expect(a.admits(1)).toBe(true);
    now.t += 2_000;
    expect(a.admits(1)).toBe(false); // Fetch after expiry: close
    expect(a.admits(17)).toBe(true);
    expect(a.handshake('PLAIN').ErrorCode).toBe(0);
    expect(a.authenticate(plainMessage('alice', 'alice-secret')).ErrorCode).toBe(0);
    expect(a.admits(1)).toBe(true);

    a.handshake('SCRAM-SHA-512');
    const c = new ScramClient('SCRAM-SHA-512', 'bob', 'bob-secret');
    const r = a.authenticate(c.final(a.authenticate(c.first()).AuthBytes));
    expect(r).toMatchObject({ ErrorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, ErrorMessage: 'Cannot change principals during re-authentication', close: true });
  });
});
