import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { credentialFromPassword, credentialFromSaltedPassword, saltPassword, SaslAuthenticationError, ScramClient, ScramServer, type ScramCredential } from './scram.ts';
import { authenticatePlain, plainMessage } from './plain.ts';

describe('SCRAM server', () => {
  it('answers the RFC 7677 SCRAM-SHA-256 exchange byte for byte', () => {
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    const cred = credentialFromSaltedPassword('SCRAM-SHA-256', salt, saltPassword('SCRAM-SHA-256', 'pencil', salt, 4096), 4096);
    const server = new ScramServer('SCRAM-SHA-256', (u) => (u === 'user' ? cred : undefined), '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0');
    expect(server.step(Buffer.from('n,,n=user,r=rOprNGfwEbeRWgbNEkqO')).toString()).toBe(
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    );
    const final = server.step(Buffer.from('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ='));
    expect(final.toString()).toBe('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
    expect(server.complete).toBe(true);
    expect(server.user).toBe('user');
  });

  for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
    it(`${mechanism}: our client and server agree, and the client verifies the server`, () => {
      const creds = new Map<string, ScramCredential>([['alice,=x', credentialFromPassword(mechanism, 'secret')]]);
      const server = new ScramServer(mechanism, (u) => creds.get(u));
      const client = new ScramClient(mechanism, 'alice,=x', 'secret');
      const serverFirst = server.step(client.first());
      const serverFinal = server.step(client.final(serverFirst));
      expect(() => client.verify(serverFinal)).not.toThrow();
      expect(server.user).toBe('alice,=x');
      expect(creds.get('alice,=x')!.storedKey.length).toBe(mechanism === 'SCRAM-SHA-256' ? 32 : 64);
    });

    it(`${mechanism}: a wrong password, an unknown user, a replayed nonce are refused`, () => {
      const cred = credentialFromPassword(mechanism, 'secret');
      const lookup = (u: string) => (u === 'bob' ? cred : undefined);
      const wrong = new ScramClient(mechanism, 'bob', 'guess');
      const s1 = new ScramServer(mechanism, lookup);
      const first = s1.step(wrong.first());
      expect(() => s1.step(wrong.final(first))).toThrow(/invalid credentials/);
      expect(s1.complete).toBe(false);

      expect(() => new ScramServer(mechanism, lookup).step(new ScramClient(mechanism, 'nobody', 'x').first())).toThrow(SaslAuthenticationError);

      const good = new ScramClient(mechanism, 'bob', 'secret');
      const s2 = new ScramServer(mechanism, lookup);
      const sf = s2.step(good.first());
      const forged = good.final(sf).toString().replace(/r=[^,]+/, 'r=other');
      expect(() => s2.step(Buffer.from(forged))).toThrow(/nonce/);
    });

    it(`${mechanism}: the nonce must equal the server's, not merely end with it (Kafka 4; librdkafka < 2.6.1 repeats its own)`, () => {
      const cred = credentialFromPassword(mechanism, 'secret');
      const client = new ScramClient(mechanism, 'bob', 'secret', 'clientnonce');
      const server = new ScramServer(mechanism, () => cred, 'servernonce');
      const serverFirst = server.step(client.first());
      const repeated = client.final(serverFirst).toString().replace('r=clientnonceservernonce', 'r=clientnonceclientnonceservernonce');
      expect(() => server.step(Buffer.from(repeated))).toThrow(/nonce mismatch/);
      expect(server.complete).toBe(false);
    });
  }

  it('refuses garbage and channel binding with a clear message', () => {
    const lookup = () => credentialFromPassword('SCRAM-SHA-256', 'x');
    expect(() => new ScramServer('SCRAM-SHA-256', lookup).step(randomBytes(40))).toThrow(SaslAuthenticationError);
    expect(() => new ScramServer('SCRAM-SHA-256', lookup).step(Buffer.from('p=tls-unique,,n=a,r=b'))).toThrow(/Channel binding/);
    expect(() => new ScramServer('SCRAM-SHA-256', lookup).step(Buffer.from('n,a=eve,n=bob,r=abc'))).toThrow(/Authorization id/);
  });
});

describe('SASL PLAIN', () => {
  const users = (u: string) => ({ alice: 'alice-secret' })[u];
  it('accepts the right password and names the user', () => {
    expect(authenticatePlain(plainMessage('alice', 'alice-secret'), users)).toBe('alice');
    expect(authenticatePlain(Buffer.from('alice\u0000alice\u0000alice-secret'), users)).toBe('alice');
  });
  it('refuses a wrong password, an unknown user, another authzid, a malformed message', () => {
    expect(() => authenticatePlain(plainMessage('alice', 'nope'), users)).toThrow(/Invalid username or password/);
    expect(() => authenticatePlain(plainMessage('mallory', 'x'), users)).toThrow(/Invalid username or password/);
    expect(() => authenticatePlain(Buffer.from('bob\u0000alice\u0000alice-secret'), users)).toThrow(/authorization id/);
    expect(() => authenticatePlain(Buffer.from('alice'), users)).toThrow(/3 tokens/);
  });
});
