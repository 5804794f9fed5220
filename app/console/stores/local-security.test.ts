import { describe, expect, it } from 'vitest';
import { clusterSecurity, consoleAdmin, readLocalSecurity, validLocalSecurity, DEFAULT_LOCAL_SECURITY } from './local-security.ts';
import { openConsoleDb } from './db.ts';

describe('the local cluster security mode', () => {
  it('keeps a valid mode, mechanisms in a fixed order and without repeats', () => {
    const mode = validLocalSecurity({ ...DEFAULT_LOCAL_SECURITY, protocol: 'SASL_SSL', saslMechanisms: ['SCRAM-SHA-512', 'PLAIN', 'PLAIN'], superUsers: [' User:alice ', 'User:alice'] });
    expect(mode).toMatchObject({ protocol: 'SASL_SSL', saslMechanisms: ['PLAIN', 'SCRAM-SHA-512'], superUsers: ['User:alice'] });
  });

  it('refuses what Kafka would not start with, saying why', () => {
    expect(() => validLocalSecurity({ ...DEFAULT_LOCAL_SECURITY, protocol: 'TLS' as never })).toThrow(/one of PLAINTEXT/);
    expect(() => validLocalSecurity({ ...DEFAULT_LOCAL_SECURITY, protocol: 'SASL_PLAINTEXT', saslMechanisms: [] })).toThrow(/at least one mechanism/);
    expect(() => validLocalSecurity({ ...DEFAULT_LOCAL_SECURITY, saslMechanisms: ['GSSAPI' as never] })).toThrow(/SASL mechanisms/);
    expect(() => validLocalSecurity({ ...DEFAULT_LOCAL_SECURITY, superUsers: ['alice'] })).toThrow(/User:name/);
  });

  it('reads a damaged row as PLAINTEXT', () => {
    expect(readLocalSecurity('{not json')).toEqual(DEFAULT_LOCAL_SECURITY);
    expect(readLocalSecurity(JSON.stringify({ protocol: 'nope' }))).toEqual(DEFAULT_LOCAL_SECURITY);
  });

  it('creates the console admin once and makes it a super user of the cluster', () => {
    const db = openConsoleDb(':memory:');
    try {
      const admin = consoleAdmin(db);
      expect(admin.password.length).toBeGreaterThanOrEqual(20);
      expect(consoleAdmin(db)).toEqual(admin);
      expect(JSON.stringify(db.settings())).not.toContain(admin.password);
      const config = clusterSecurity({ ...DEFAULT_LOCAL_SECURITY, protocol: 'SASL_PLAINTEXT', superUsers: ['User:alice'] }, admin);
      expect(config).toMatchObject({ protocol: 'SASL_PLAINTEXT', users: [admin], superUsers: [`User:${admin.name}`, 'User:alice'] });
    } finally {
      db.close();
    }
  });
});
