// A SASL_PLAINTEXT cluster of three brokers (so replication authenticates too), with the authorizer on, driven
// by kafkajs: PLAIN and SCRAM-SHA-256/512 logins, bad credentials, a user without rights who is refused and
// writes nothing, ACLs granted through CreateAcls and taken away through DeleteAcls, SCRAM users managed through
// AlterUserScramCredentials — and a PLAINTEXT cluster that answers SASL with ILLEGAL_SASL_STATE and the ACL apis
// with SECURITY_DISABLED.

import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey, KafkaConnection, type Cluster } from '../index.ts';
import { SCRAM_MECHANISM_TYPE, saltPassword } from '../broker/security/scram.ts';
import { testCluster, until, type TestCluster } from './cluster-fixture.ts';

const ADMIN = { username: 'admin', password: 'admin-secret' };

let tc: TestCluster;

beforeAll(async () => {
  tc = await testCluster({ brokers: 3, security: { protocol: 'SASL_PLAINTEXT', users: [{ name: 'admin', password: 'admin-secret' }, { name: 'alice', password: 'alice-secret' }] } });
});
afterAll(async () => {
  await tc?.close();
});

function client(sasl: SASLOptions): Kafka {
  return new Kafka({ clientId: 'security-it', brokers: tc.bootstrap.split(','), sasl, logLevel: logLevel.NOTHING, retry: { retries: 2 } });
}

async function errorType(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    const err = e as { type?: string; name?: string; message?: string; originalError?: { type?: string }; cause?: { type?: string } };
    return err.type ?? err.originalError?.type ?? err.cause?.type ?? err.name ?? String(e);
  }
}

async function logEnd(cluster: Cluster, topic: string): Promise<number> {
  const leader = cluster.partitions().find((p) => p.topic === topic && p.partition === 0)!.leader;
  const stats = await cluster.brokerStats(leader);
  return stats.partitions.find((p) => p.topic === topic && p.partition === 0)!.logEndOffset;
}

describe('SASL_PLAINTEXT with the authorizer', () => {
  it('tells clients how to connect: protocol, mechanisms, the admin user', () => {
    expect(tc.cluster.security).toMatchObject({ protocol: 'SASL_PLAINTEXT', authorizer: true, admin: { name: 'admin' } });
    expect(tc.cluster.security.saslMechanisms).toEqual(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
  });

  it('the admin logs in with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512; a replicated topic gets its ISR', async () => {
    const admin = client({ mechanism: 'plain', ...ADMIN }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'sasl-orders', numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    // Followers fetch over the same authenticated listener: the ISR fills only if they logged in.
    await until('a full ISR', () => tc.cluster.partitions().find((p) => p.topic === 'sasl-orders')?.isr.length === 3);
    for (const mechanism of ['scram-sha-256', 'scram-sha-512'] as const) {
      const producer = client({ mechanism, ...ADMIN }).producer();
      await producer.connect();
      await producer.send({ topic: 'sasl-orders', messages: [{ value: mechanism }] });
      await producer.disconnect();
    }
    expect(await logEnd(tc.cluster, 'sasl-orders')).toBe(2);
  });

  it('a wrong password gets SASL_AUTHENTICATION_FAILED, with every mechanism', async () => {
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      const admin = client({ mechanism, username: 'admin', password: 'wrong' } as SASLOptions).admin();
      const err = await errorType(admin.connect());
      expect(err, mechanism).toMatch(/SASL_AUTHENTICATION_FAILED|KafkaJSSASLAuthenticationError/);
      await admin.disconnect();
    }
  });

  it('a user without ACLs is refused and writes nothing; a WRITE ACL lets her in; deleting it locks her out again', async () => {
    const before = await logEnd(tc.cluster, 'sasl-orders');
    const alice = client({ mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' });
    const producer = alice.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    expect(await errorType(producer.send({ topic: 'sasl-orders', messages: [{ value: 'denied' }] }))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await logEnd(tc.cluster, 'sasl-orders')).toBe(before);

    const admin = client({ mechanism: 'plain', ...ADMIN }).admin();
    await admin.connect();
    const acl = {
      resourceType: AclResourceTypes.TOPIC, resourceName: 'sasl-', resourcePatternType: ResourcePatternTypes.PREFIXED,
      principal: 'User:alice', host: '*', operation: AclOperationTypes.WRITE, permissionType: AclPermissionTypes.ALLOW,
    };
    await admin.createAcls({ acl: [acl] });
    const described = await admin.describeAcls({ resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY });
    expect(described.resources).toEqual([expect.objectContaining({ resourceName: 'sasl-', resourcePatternType: ResourcePatternTypes.PREFIXED, acls: [expect.objectContaining({ principal: 'User:alice', operation: AclOperationTypes.WRITE })] })]);

    await producer.send({ topic: 'sasl-orders', messages: [{ value: 'allowed' }] });
    expect(await logEnd(tc.cluster, 'sasl-orders')).toBe(before + 1);

    const deleted = await admin.deleteAcls({ filters: [{ ...acl, resourcePatternType: ResourcePatternTypes.ANY }] });
    expect(deleted.filterResponses[0].matchingAcls).toHaveLength(1);
    expect(await errorType(producer.send({ topic: 'sasl-orders', messages: [{ value: 'denied again' }] }))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await logEnd(tc.cluster, 'sasl-orders')).toBe(before + 1);
    await producer.disconnect();
    await admin.disconnect();
  });

  it('a user without rights sees no topics, and cannot create ACLs', async () => {
    const admin = client({ mechanism: 'plain', username: 'alice', password: 'alice-secret' }).admin();
    await admin.connect();
    expect(await admin.listTopics()).toEqual([]);
    expect(await errorType(admin.createAcls({ acl: [{
      resourceType: AclResourceTypes.TOPIC, resourceName: 'x', resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: 'User:alice', host: '*', operation: AclOperationTypes.ALL, permissionType: AclPermissionTypes.ALLOW,
    }] }))).toBe('CLUSTER_AUTHORIZATION_FAILED');
    await admin.disconnect();
  });

  it('SCRAM users come and go through AlterUserScramCredentials, durable across a restart of the brokers', async () => {
    const [host, port] = tc.bootstrap.split(',')[0].split(':');
    const conn = await KafkaConnection.connect(host, Number(port), { sasl: { mechanism: 'SCRAM-SHA-256', user: 'admin', password: 'admin-secret' } });
    const salt = Buffer.from('bob-salt-0123456789');
    const alter = await conn.request(ApiKey.AlterUserScramCredentials, 0, {
      deletions: [],
      upsertions: [{ name: 'bob', mechanism: SCRAM_MECHANISM_TYPE['SCRAM-SHA-256'], iterations: 4096, salt, saltedPassword: saltPassword('SCRAM-SHA-256', 'bob-secret', salt, 4096) }],
    });
    expect(alter.results).toEqual([{ user: 'bob', errorCode: 0, errorMessage: null }]);
    const tooFew = await conn.request(ApiKey.AlterUserScramCredentials, 0, {
      deletions: [], upsertions: [{ name: 'carol', mechanism: 1, iterations: 10, salt, saltedPassword: salt }],
    });
    expect(tooFew.results).toEqual([{ user: 'carol', errorCode: 93, errorMessage: 'Too few iterations' }]); // UNACCEPTABLE_CREDENTIAL
    const described = await conn.request(ApiKey.DescribeUserScramCredentials, 0, { users: [{ name: 'bob' }, { name: 'nobody' }] });
    expect(described.results).toEqual([
      { user: 'bob', errorCode: 0, errorMessage: null, credentialInfos: [{ mechanism: 1, iterations: 4096 }] },
      expect.objectContaining({ user: 'nobody', errorCode: 91 }), // RESOURCE_NOT_FOUND
    ]);
    await conn.close();

    await tc.cluster.restartBroker(1);
    const bob = await KafkaConnection.connect(host, tc.cluster.broker(1)!.port, { sasl: { mechanism: 'SCRAM-SHA-256', user: 'bob', password: 'bob-secret' } });
    await bob.close();
    const wrong = await KafkaConnection.connect(host, tc.cluster.broker(1)!.port, { sasl: { mechanism: 'SCRAM-SHA-512', user: 'bob', password: 'bob-secret' } }).catch((e: Error) => e);
    expect(String(wrong)).toMatch(/error 58/); // no SHA-512 credential: SASL_AUTHENTICATION_FAILED
  });

  it('a request before authentication closes the connection; a failed authentication closes it after its answer', async () => {
    const [host, port] = tc.bootstrap.split(',')[0].split(':');
    const raw = await KafkaConnection.connect(host, Number(port));
    await expect(raw.request(ApiKey.Metadata, 9, { topics: null, allowAutoTopicCreation: false })).rejects.toThrow(/closed/);
    const bad = await KafkaConnection.connect(host, Number(port));
    expect((await bad.request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' })).errorCode).toBe(0);
    const answer = await bad.request(ApiKey.SaslAuthenticate, 2, { authBytes: Buffer.from('\u0000admin\u0000nope') });
    expect(answer.errorCode).toBe(58);
    await bad.waitClosed();
    expect(bad.closed).toBe(true);
  });
});

describe('PLAINTEXT', () => {
  let plain: TestCluster;
  beforeAll(async () => {
    plain = await testCluster();
  });
  afterAll(async () => {
    await plain?.close();
  });

  it('answers SaslHandshake with ILLEGAL_SASL_STATE and the ACL apis with SECURITY_DISABLED', async () => {
    const [host, port] = plain.bootstrap.split(':');
    const conn = await KafkaConnection.connect(host, Number(port));
    expect(await conn.request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' })).toEqual({ errorCode: 34, mechanisms: [] });
    const d = await conn.request(ApiKey.DescribeAcls, 3, { resourceTypeFilter: 1, resourceNameFilter: null, patternTypeFilter: 1, principalFilter: null, hostFilter: null, operation: 1, permissionType: 1 });
    expect(d).toMatchObject({ errorCode: 54, resources: [] });
    const c = await conn.request(ApiKey.CreateAcls, 3, { creations: [{ resourceType: 2, resourceName: 't', resourcePatternType: 3, principal: 'User:a', host: '*', operation: 3, permissionType: 3 }] });
    expect(c.results).toEqual([{ errorCode: 54, errorMessage: expect.any(String) }]);
    await conn.close();
  });

  it('kafkajs configured for SASL gets a clear error instead of a reconnect loop', async () => {
    const kafka = new Kafka({ brokers: plain.bootstrap.split(','), sasl: { mechanism: 'plain', ...ADMIN }, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const admin = kafka.admin();
    expect(await errorType(admin.connect())).toMatch(/ILLEGAL_SASL_STATE|SASL/);
    await admin.disconnect();
  });
});

describe('KIP-368 session lifetime (connections.max.reauth.ms)', () => {
  let short: TestCluster;
  beforeAll(async () => {
    short = await testCluster({ security: { protocol: 'SASL_PLAINTEXT', connectionsMaxReauthMs: 1000 } });
  });
  afterAll(async () => {
    await short?.close();
  });

  const login = async (c: KafkaConnection) => {
    expect((await c.request(ApiKey.SaslHandshake, 1, { mechanism: 'PLAIN' })).errorCode).toBe(0);
    return c.request(ApiKey.SaslAuthenticate, 1, { authBytes: Buffer.from('\u0000admin\u0000admin-secret') });
  };

  it('tells the client its session lifetime; a re-authentication on the same connection renews it; an expired session closes', async () => {
    const [host, port] = short.bootstrap.split(':');
    const c = await KafkaConnection.connect(host, Number(port));
    const first = await login(c);
    expect(first).toMatchObject({ errorCode: 0, sessionLifetimeMs: 1000 });
    await c.request(ApiKey.Metadata, 9, { topics: null, allowAutoTopicCreation: false });
    await new Promise((r) => setTimeout(r, 1100));
    // Past the lifetime: only a re-authentication is served, and it renews the session.
    expect(await login(c)).toMatchObject({ errorCode: 0, sessionLifetimeMs: 1000 });
    await c.request(ApiKey.Metadata, 9, { topics: null, allowAutoTopicCreation: false });
    await new Promise((r) => setTimeout(r, 1100));
    await expect(c.request(ApiKey.Metadata, 9, { topics: null, allowAutoTopicCreation: false })).rejects.toThrow(/closed/);
  });
});
