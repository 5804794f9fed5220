// TLS listeners, with clients nobody here wrote: an SSL cluster demanding client certificates (mTLS, the
// certificate's subject is the principal) and a SASL_SSL cluster, each of two brokers so that replication runs
// over the secured listener too. kafkajs, @platformatic/kafka, kcat (librdkafka 2.0) and rdk-driver
// (librdkafka 2.15) connect with the cluster's exported CA; a client without rights is refused and writes
// nothing; a client without a certificate, or with a wrong password, is turned away.

import fs from 'node:fs';
import path from 'node:path';
import { Admin, Producer as PltProducer, stringSerializers } from '@platformatic/kafka';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes, type KafkaConfig } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientCertificate, loadOrCreateClusterTls, principalOfCertificate, type Cluster, type KeyAndCert } from '../index.ts';
import { kcat, testCluster, until, type TestCluster } from './cluster-fixture.ts';
import { rdk } from './librdkafka.ts';

async function logEnd(cluster: Cluster, topic: string): Promise<number> {
  const leader = cluster.partitions().find((p) => p.topic === topic && p.partition === 0)!.leader;
  const stats = await cluster.brokerStats(leader);
  return stats.partitions.find((p) => p.topic === topic && p.partition === 0)!.logEndOffset;
}

async function errorType(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    const err = e as { type?: string; name?: string; originalError?: { type?: string }; cause?: { type?: string } };
    return err.type ?? err.originalError?.type ?? err.cause?.type ?? err.name ?? String(e);
  }
}

function writeFiles(dir: string, name: string, kc: KeyAndCert): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.pem`);
  const key = path.join(dir, `${name}-key.pem`);
  fs.writeFileSync(cert, kc.cert);
  fs.writeFileSync(key, kc.key, { mode: 0o600 });
  return { cert, key };
}

describe('SSL with ssl.client.auth=required (mTLS)', () => {
  let tc: TestCluster;
  let ca: string;
  let caFile: string;
  let admin: KeyAndCert;
  let alice: KeyAndCert;
  let aliceFiles: { cert: string; key: string };
  const kafka = (cert: KeyAndCert | undefined, extra: Partial<KafkaConfig> = {}) => new Kafka({
    clientId: 'tls-it', brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 1 },
    ssl: { ca: [ca], ...(cert && { cert: cert.cert, key: cert.key }) }, ...extra,
  });

  beforeAll(async () => {
    // The CA exists before the cluster starts, so the admin's certificate principal can be a super user.
    const dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'streamlab-tls-'));
    const material = loadOrCreateClusterTls(path.join(dataDir, 'tls'));
    admin = createClientCertificate(material.ca, 'admin');
    alice = createClientCertificate(material.ca, 'alice');
    tc = await testCluster({ brokers: 2, dataDir, security: { protocol: 'SSL', sslClientAuth: 'required', superUsers: [principalOfCertificate(admin.cert)] } });
    caFile = tc.cluster.security.caFile!;
    ca = fs.readFileSync(caFile, 'utf8');
    aliceFiles = writeFiles(dataDir, 'alice', alice);
    const a = kafka(admin).admin();
    await a.connect();
    await a.createTopics({ topics: [{ topic: 'tls-orders', numPartitions: 1, replicationFactor: 2 }], waitForLeaders: true });
    await a.disconnect();
  });
  afterAll(async () => {
    await tc?.close();
    if (tc) fs.rmSync(tc.dataDir, { recursive: true, force: true });
  });

  it('exports the CA it was started with, and the certificate subject is the principal', () => {
    expect(caFile).toBe(path.join(tc.dataDir, 'tls', 'ca.pem'));
    expect(principalOfCertificate(alice.cert)).toBe('User:CN=alice,O=Streamlab local cluster');
  });

  it('replication runs over TLS: the follower joins the ISR', async () => {
    await until('a full ISR', () => tc.cluster.partitions().find((p) => p.topic === 'tls-orders')?.isr.length === 2);
  });

  it('a client without a certificate cannot connect', async () => {
    const a = kafka(undefined).admin();
    expect(await errorType(a.connect())).not.toBe('no error');
    await a.disconnect();
  });

  it('alice, without ACLs, is refused by kafkajs, kcat and librdkafka 2.15, and writes nothing', async () => {
    const before = await logEnd(tc.cluster, 'tls-orders');
    const producer = kafka(alice).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    expect(await errorType(producer.send({ topic: 'tls-orders', messages: [{ value: 'denied' }] }))).toBe('TOPIC_AUTHORIZATION_FAILED');
    await producer.disconnect();
    const tlsProps = ['-X', 'security.protocol=ssl', '-X', `ssl.ca.location=${caFile}`, '-X', `ssl.certificate.location=${aliceFiles.cert}`, '-X', `ssl.key.location=${aliceFiles.key}`];
    const k = await kcat(tc.bootstrap, ['-P', '-t', 'tls-orders', ...tlsProps, '-X', 'message.timeout.ms=5000'], { input: 'denied\n' });
    expect(k.code, k.stderr).not.toBe(0); // the delivery failed (kcat -q prints nothing)
    const r = await rdk(['produce', '-b', tc.bootstrap, '-t', 'tls-orders', '-n', '3', ...tlsProps, '-X', 'message.timeout.ms=5000']);
    expect(r.of('error').map((e) => e.code)).toContain('TOPIC_AUTHORIZATION_FAILED');
    expect(await logEnd(tc.cluster, 'tls-orders')).toBe(before);
  });

  it('with WRITE and READ granted to her certificate, kafkajs, kcat and librdkafka 2.15 produce and consume', async () => {
    const a = kafka(admin).admin();
    await a.connect();
    const principal = principalOfCertificate(alice.cert);
    const grant = (resourceType: AclResourceTypes, resourceName: string, operation: AclOperationTypes) => ({
      resourceType, resourceName, resourcePatternType: ResourcePatternTypes.LITERAL, principal, host: '*', operation, permissionType: AclPermissionTypes.ALLOW,
    });
    await a.createAcls({ acl: [
      grant(AclResourceTypes.TOPIC, 'tls-orders', AclOperationTypes.WRITE),
      grant(AclResourceTypes.TOPIC, 'tls-orders', AclOperationTypes.READ),
      grant(AclResourceTypes.GROUP, '*', AclOperationTypes.READ),
    ] });
    await a.disconnect();
    const before = await logEnd(tc.cluster, 'tls-orders');
    const producer = kafka(alice).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic: 'tls-orders', messages: [{ value: 'from kafkajs' }] });
    await producer.disconnect();
    const tlsProps = ['-X', 'security.protocol=ssl', '-X', `ssl.ca.location=${caFile}`, '-X', `ssl.certificate.location=${aliceFiles.cert}`, '-X', `ssl.key.location=${aliceFiles.key}`];
    const k = await kcat(tc.bootstrap, ['-P', '-t', 'tls-orders', ...tlsProps], { input: 'from kcat\n' });
    expect(k.code, k.stderr).toBe(0);
    const r = await rdk(['produce', '-b', tc.bootstrap, '-t', 'tls-orders', '-n', '5', ...tlsProps]);
    expect(r.code, r.stderr).toBe(0);
    expect(await logEnd(tc.cluster, 'tls-orders')).toBe(before + 7);
    const c = await rdk(['consume', '-b', tc.bootstrap, '-t', 'tls-orders', '-G', 'tls-readers', '--max', String(before + 7), '--idle-ms', '15000', ...tlsProps, '-X', 'auto.offset.reset=earliest']);
    expect(c.of('record').length).toBe(before + 7);
  });
});

describe('SASL_SSL', () => {
  let tc: TestCluster;
  let ca: string;
  const sasl = { mechanism: 'scram-sha-512' as const, username: 'admin', password: 'admin-secret' };

  beforeAll(async () => {
    tc = await testCluster({ brokers: 2, security: { protocol: 'SASL_SSL' } });
    ca = fs.readFileSync(tc.cluster.security.caFile!, 'utf8');
  });
  afterAll(async () => {
    await tc?.close();
  });

  it('kafkajs (SCRAM-SHA-512) creates a replicated topic and produces; followers replicate over SASL_SSL', async () => {
    const kafka = new Kafka({ brokers: tc.bootstrap.split(','), ssl: { ca: [ca] }, sasl, logLevel: logLevel.NOTHING });
    const a = kafka.admin();
    await a.connect();
    await a.createTopics({ topics: [{ topic: 'ss-orders', numPartitions: 1, replicationFactor: 2 }], waitForLeaders: true });
    await a.disconnect();
    const p = kafka.producer();
    await p.connect();
    await p.send({ topic: 'ss-orders', messages: [{ value: 'one' }] });
    await p.disconnect();
    await until('a full ISR', () => tc.cluster.partitions().find((x) => x.topic === 'ss-orders')?.isr.length === 2);
    expect(await logEnd(tc.cluster, 'ss-orders')).toBe(1);
  });

  it('@platformatic/kafka with SASL PLAIN and SCRAM-SHA-256 over TLS', async () => {
    for (const mechanism of ['PLAIN', 'SCRAM-SHA-256'] as const) {
      const opts = { clientId: 'plt-tls', bootstrapBrokers: tc.bootstrap.split(','), tls: { ca }, sasl: { mechanism, username: 'admin', password: 'admin-secret' }, retries: 1 };
      const admin = new Admin(opts);
      const meta = await admin.metadata({ topics: ['ss-orders'] });
      expect(meta.topics.get('ss-orders')?.partitionsCount).toBe(1);
      await admin.close();
      const producer = new PltProducer({ ...opts, serializers: stringSerializers });
      await producer.send({ messages: [{ topic: 'ss-orders', value: mechanism }] });
      await producer.close();
    }
    expect(await logEnd(tc.cluster, 'ss-orders')).toBe(3);
  });

  it('kcat (PLAIN) and librdkafka 2.15 (SCRAM-SHA-256); a wrong password is SASL_AUTHENTICATION_FAILED', async () => {
    const caFile = tc.cluster.security.caFile!;
    const props = (mech: string, password = 'admin-secret') => ['-X', 'security.protocol=sasl_ssl', '-X', `ssl.ca.location=${caFile}`, '-X', `sasl.mechanisms=${mech}`, '-X', 'sasl.username=admin', '-X', `sasl.password=${password}`];
    const k = await kcat(tc.bootstrap, ['-P', '-t', 'ss-orders', ...props('PLAIN')], { input: 'kcat\n' });
    expect(k.code, k.stderr).toBe(0);
    const r = await rdk(['produce', '-b', tc.bootstrap, '-t', 'ss-orders', '-n', '4', ...props('SCRAM-SHA-256')]);
    expect(r.code, r.stderr).toBe(0);
    expect(await logEnd(tc.cluster, 'ss-orders')).toBe(3 + 1 + 4);
    const bad = await rdk(['produce', '-b', tc.bootstrap, '-t', 'ss-orders', '-n', '1', ...props('SCRAM-SHA-512', 'wrong'), '-X', 'message.timeout.ms=5000']);
    expect(bad.of('client-error').map((e) => `${e.code} ${e.message}`).join('\n')).toMatch(/_AUTHENTICATION.*SASL_AUTHENTICATION_FAILED|Authentication failed/s);
    expect(await logEnd(tc.cluster, 'ss-orders')).toBe(8);
  });
});
