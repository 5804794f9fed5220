// The console against secured local clusters, as it would meet a secured production cluster: its local
// connection logs in as the cluster's admin (SASL over TLS, through the exported CA; on an SSL listener that
// demands certificates, with a certificate the brokers take for a super user); an external connection with
// SCRAM credentials of a user without rights sees nothing and writes nothing; one with a client certificate
// (mTLS) authenticates as the certificate's subject.

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientCertificate, loadOrCreateClusterTls } from '../../../engine/index.ts';
import { testCluster, type TestCluster } from '../../../engine/testing.ts';
import { KafkaConnection } from './connection.ts';
import { localConnection, localLifecycle } from './local-cluster.ts';
import { createAcl, deleteAcl, deleteScramUser, describeSecurity, saveScramUser } from './security.ts';
import { KafkaConnection as ProtocolConnection } from '../../../engine/index.ts';
import type { AclEntry } from '../../contract.ts';

describe('SASL_SSL', () => {
  let tc: TestCluster;
  beforeAll(async () => {
    tc = await testCluster({ security: { protocol: 'SASL_SSL', users: [{ name: 'admin', password: 'admin-secret' }, { name: 'viewer', password: 'viewer-secret' }] } });
  });
  afterAll(async () => {
    await tc?.close();
  });

  it('the local connection is the admin: it creates a topic and produces', async () => {
    const local = localConnection(tc.cluster);
    try {
      await local.admin.createTopics({ topics: ['console-secured'], partitions: 1, replicas: 1 });
      await local.producer.send({ messages: [{ topic: 'console-secured', value: Buffer.from('hello') }] });
      expect(await local.admin.listTopics()).toContain('console-secured');
    } finally {
      await local.close();
    }
  });

  it('an external SCRAM-SHA-512 connection of a user without rights sees no topics and cannot write', async () => {
    const ca = fs.readFileSync(tc.cluster.security.caFile!, 'utf8');
    const ext = new KafkaConnection({ bootstrapServers: tc.bootstrap.split(','), sasl: { mechanism: 'SCRAM-SHA-512', username: 'viewer', password: 'viewer-secret' }, tls: { ca } });
    try {
      expect(await ext.admin.listTopics()).toEqual([]);
      await expect(ext.producer.send({ messages: [{ topic: 'console-secured', value: Buffer.from('no') }] })).rejects.toThrow();
    } finally {
      await ext.close();
    }
    const wrong = new KafkaConnection({ bootstrapServers: tc.bootstrap.split(','), sasl: { mechanism: 'PLAIN', username: 'viewer', password: 'nope' }, tls: { ca } });
    try {
      await expect(wrong.admin.listTopics()).rejects.toThrow();
    } finally {
      await wrong.close();
    }
  });
});

describe('the Security screen\'s backend on a SASL_SSL cluster', () => {
  let tc: TestCluster;
  beforeAll(async () => {
    tc = await testCluster({ security: { protocol: 'SASL_SSL' } });
  });
  afterAll(async () => {
    await tc?.close();
  });

  it('describes mode, CA and users; adds and deletes a SCRAM user and an ACL', async () => {
    const conn = localConnection(tc.cluster);
    const lifecycle = localLifecycle(tc.cluster);
    try {
      const first = await describeSecurity(conn, lifecycle);
      expect(first).toMatchObject({ protocol: 'SASL_SSL', caFile: tc.cluster.security.caFile, acls: [], note: null });
      expect(first.caPem).toContain('BEGIN CERTIFICATE');
      expect(first.users).toEqual([{ name: 'admin', mechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512'] }]);

      await saveScramUser(lifecycle, { name: 'carol', password: 'carol-secret', mechanism: 'SCRAM-SHA-256' });
      const [host, port] = tc.bootstrap.split(':');
      const carol = await ProtocolConnection.connect(host, Number(port), { tls: { ca: first.caPem! }, sasl: { mechanism: 'SCRAM-SHA-256', user: 'carol', password: 'carol-secret' } });
      await carol.close();
      expect((await describeSecurity(conn, lifecycle)).users?.map((u) => u.name)).toEqual(['admin', 'carol']);

      const acl: AclEntry = { resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', principal: 'User:carol', host: '*', operation: 'READ', permission: 'ALLOW' };
      await createAcl(conn, acl);
      expect((await describeSecurity(conn, lifecycle)).acls).toEqual([acl]);
      await deleteAcl(conn, acl);
      expect((await describeSecurity(conn, lifecycle)).acls).toEqual([]);

      await deleteScramUser(lifecycle, 'carol');
      expect((await describeSecurity(conn, lifecycle)).users?.map((u) => u.name)).toEqual(['admin']);
      const refused = await ProtocolConnection.connect(host, Number(port), { tls: { ca: first.caPem! }, sasl: { mechanism: 'SCRAM-SHA-256', user: 'carol', password: 'carol-secret' } }).catch((e: Error) => e);
      expect(String(refused)).toMatch(/error 58/);
    } finally {
      await conn.close();
    }
  });

  it('on a PLAINTEXT cluster, ACLs are off and the screen says why', async () => {
    const plain = await testCluster();
    const conn = localConnection(plain.cluster);
    try {
      const state = await describeSecurity(conn, localLifecycle(plain.cluster));
      expect(state).toMatchObject({ protocol: 'PLAINTEXT', acls: null, users: null, caFile: null });
      expect(state.note).toMatch(/No authorizer/);
    } finally {
      await conn.close();
      await plain.close();
    }
  });
});

describe('SSL with client certificates required', () => {
  let tc: TestCluster;
  beforeAll(async () => {
    tc = await testCluster({ security: { protocol: 'SSL', sslClientAuth: 'required', allowEveryoneIfNoAclFound: true } });
  });
  afterAll(async () => {
    await tc?.close();
  });

  it('the local connection uses the brokers\' own certificate; an external one its client certificate', async () => {
    const local = localConnection(tc.cluster);
    try {
      await local.admin.createTopics({ topics: ['console-mtls'], partitions: 1, replicas: 1 });
    } finally {
      await local.close();
    }
    const material = loadOrCreateClusterTls(`${tc.dataDir}/tls`);
    const client = createClientCertificate(material.ca, 'console-user');
    const ext = new KafkaConnection({ bootstrapServers: tc.bootstrap.split(','), tls: { ca: material.ca.cert, cert: client.cert, key: client.key } });
    try {
      // allow.everyone.if.no.acl.found: a topic without ACLs is open to any authenticated client.
      expect(await ext.admin.listTopics()).toContain('console-mtls');
    } finally {
      await ext.close();
    }
    const noCert = new KafkaConnection({ bootstrapServers: tc.bootstrap.split(','), tls: { ca: material.ca.cert } });
    try {
      await expect(noCert.admin.listTopics()).rejects.toThrow();
    } finally {
      await noCert.close();
    }
  });
});
