import { describe, expect, it } from 'vitest';
import { clientSettings } from './client-settings.ts';

const admin = { name: 'streamlab-admin', password: "it's-secret" };

describe('client settings of the local cluster', () => {
  it('SASL_SSL: mechanism, user, CA in kcat flags, librdkafka properties and kafkajs', () => {
    const s = clientSettings('127.0.0.1:9092,127.0.0.1:9093',
      { protocol: 'SASL_SSL', saslMechanisms: ['SCRAM-SHA-512'], caFile: '/data/tls/ca.pem', admin, authorizer: true, sslClientAuth: 'none' },
      { bootstrapServers: ['127.0.0.1:9092'], sasl: { mechanism: 'SCRAM-SHA-512', username: admin.name, password: admin.password } });
    expect(s.kcat).toBe("kcat -b 127.0.0.1:9092,127.0.0.1:9093 -X security.protocol=SASL_SSL -X sasl.mechanisms=SCRAM-SHA-512 -X sasl.username=streamlab-admin -X sasl.password='it'\\''s-secret' -X ssl.ca.location=/data/tls/ca.pem -L");
    expect(s.librdkafka.split('\n')).toContain('ssl.ca.location=/data/tls/ca.pem');
    expect(s.kafkajs).toContain('mechanism: "scram-sha-512"');
    expect(s.kafkajs).toContain('fs.readFileSync("/data/tls/ca.pem"');
    expect(s.clientCertificate).toBeNull();
  });

  it('SSL with client certificates required: the admin certificate and key files', () => {
    const s = clientSettings('127.0.0.1:9092',
      { protocol: 'SSL', saslMechanisms: [], caFile: '/t/ca.pem', admin, authorizer: true, sslClientAuth: 'required', adminCertificate: { certFile: '/t/broker.pem', keyFile: '/t/broker-key.pem' } },
      { bootstrapServers: ['127.0.0.1:9092'] });
    expect(s.sasl).toBeNull();
    expect(s.kcat).toContain('-X ssl.certificate.location=/t/broker.pem -X ssl.key.location=/t/broker-key.pem');
    expect(s.kafkajs).toContain('cert: fs.readFileSync("/t/broker.pem"');
  });
});
