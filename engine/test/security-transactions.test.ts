// Transactions and authorized operations on a SASL_PLAINTEXT cluster with the authorizer: kafkajs producers
// are allowed or refused by ACLs on the transactional id, the group and the topics (Kafka's KafkaApis rules),
// refused producers write nothing, markers and verification cross brokers over the authenticated channels, and KIP-430 authorized operations answer what the caller may really do.

import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes, type Admin, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey, KafkaConnection } from '../index.ts';
import { testCluster, until, type TestCluster } from './cluster-fixture.ts';

const ADMIN = { mechanism: 'plain', username: 'admin', password: 'admin-secret' } as SASLOptions;
const ALICE = { mechanism: 'plain', username: 'alice', password: 'alice-secret' } as SASLOptions;
const BOB = { mechanism: 'plain', username: 'bob', password: 'bob-secret' } as SASLOptions;

let tc: TestCluster;
let admin: Admin;

beforeAll(async () => {
  tc = await testCluster({ brokers: 2, security: { protocol: 'SASL_PLAINTEXT', users: [
    { name: 'admin', password: 'admin-secret' }, { name: 'alice', password: 'alice-secret' }, { name: 'bob', password: 'bob-secret' },
  ] } });
  admin = client(ADMIN).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'txn-orders', numPartitions: 1, replicationFactor: 2 }, { topic: 'txn-secret', numPartitions: 1, replicationFactor: 2 }], waitForLeaders: true });
  await until('a full ISR', () => tc.cluster.partitions().filter((p) => p.topic.startsWith('txn-')).every((p) => p.isr.length === 2));
  await allow('User:alice', AclResourceTypes.TOPIC, 'txn-orders', AclOperationTypes.WRITE);
  await allow('User:alice', AclResourceTypes.TOPIC, 'txn-orders', AclOperationTypes.READ);
});
afterAll(async () => {
  await admin?.disconnect();
  await tc?.close();
});

function client(sasl: SASLOptions): Kafka {
  return new Kafka({ clientId: 'security-txn-it', brokers: tc.bootstrap.split(','), sasl, logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
}

async function allow(principal: string, resourceType: AclResourceTypes, resourceName: string, operation: AclOperationTypes): Promise<void> {
  await admin.createAcls({ acl: [{
    resourceType, resourceName, resourcePatternType: ResourcePatternTypes.LITERAL, principal, host: '*', operation, permissionType: AclPermissionTypes.ALLOW,
  }] });
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

async function logEnd(topic: string): Promise<number> {
  const leader = tc.cluster.partitions().find((p) => p.topic === topic && p.partition === 0)!.leader;
  const stats = await tc.cluster.brokerStats(leader);
  return stats.partitions.find((p) => p.topic === topic && p.partition === 0)!.logEndOffset;
}

async function connection(user: string, password: string): Promise<KafkaConnection> {
  const [host, port] = tc.bootstrap.split(',')[0].split(':');
  return KafkaConnection.connect(host, Number(port), { sasl: { mechanism: 'PLAIN', user, password } });
}

const ops = (...codes: number[]): number => codes.reduce((a, c) => a | (1 << c), 0);

describe('transactions with the authorizer', () => {
  it('an idempotent producer needs IDEMPOTENT_WRITE or WRITE on some topic: alice may, bob may not and writes nothing', async () => {
    const alice = client(ALICE).producer({ idempotent: true, allowAutoTopicCreation: false });
    await alice.connect();
    await alice.send({ topic: 'txn-orders', messages: [{ value: 'idempotent' }] });
    await alice.disconnect();
    expect(await logEnd('txn-orders')).toBe(1);

    // kafkajs asks for its producer id on connect.
    const bob = client(BOB).producer({ idempotent: true, allowAutoTopicCreation: false });
    expect(await errorType(bob.connect().then(() => bob.send({ topic: 'txn-orders', messages: [{ value: 'refused' }] })))).toBe('CLUSTER_AUTHORIZATION_FAILED');
    await bob.disconnect();
    expect(await logEnd('txn-orders')).toBe(1);
  });

  it('a transactional producer needs WRITE on its transactional id; with it, it commits', async () => {
    // DESCRIBE lets her find the coordinator (FindCoordinator), not begin a transaction.
    await allow('User:alice', AclResourceTypes.TRANSACTIONAL_ID, 'alice-tx', AclOperationTypes.DESCRIBE);
    const refused = client(ALICE).producer({ transactionalId: 'alice-tx', idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    expect(await errorType(refused.connect().then(() => refused.transaction()))).toBe('TRANSACTIONAL_ID_AUTHORIZATION_FAILED');
    await refused.disconnect();

    await allow('User:alice', AclResourceTypes.TRANSACTIONAL_ID, 'alice-tx', AclOperationTypes.WRITE);
    const producer = client(ALICE).producer({ transactionalId: 'alice-tx', idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    const tx = await producer.transaction();
    await tx.send({ topic: 'txn-orders', messages: [{ value: 'in a transaction' }] });
    await tx.commit();
    // A topic she may not write fails alone, and the transaction can still be aborted.
    const tx2 = await producer.transaction();
    expect(await errorType(tx2.send({ topic: 'txn-secret', messages: [{ value: 'secret' }] }))).toBe('TOPIC_AUTHORIZATION_FAILED');
    await tx2.abort().catch(() => undefined);
    await producer.disconnect();
    // The record and its COMMIT marker (written after EndTxn answers, as in Kafka).
    let end = 0;
    await until('the COMMIT marker', async () => (end = await logEnd('txn-orders')) >= 3);
    expect(end).toBe(3);
    expect(await logEnd('txn-secret')).toBe(0);
  });

  it('sending offsets with a transaction needs READ on the group', async () => {
    const producer = client(ALICE).producer({ transactionalId: 'alice-tx', idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    const tx = await producer.transaction();
    const offsets = { consumerGroupId: 'alice-group', topics: [{ topic: 'txn-orders', partitions: [{ partition: 0, offset: '1' }] }] };
    expect(await errorType(tx.sendOffsets(offsets))).toBe('GROUP_AUTHORIZATION_FAILED');
    await tx.abort().catch(() => undefined);

    await allow('User:alice', AclResourceTypes.GROUP, 'alice-group', AclOperationTypes.READ);
    const tx2 = await producer.transaction();
    await tx2.sendOffsets(offsets);
    await tx2.commit();
    await producer.disconnect();
    const committed = await admin.fetchOffsets({ groupId: 'alice-group', topics: ['txn-orders'] });
    expect(committed[0].partitions[0].offset).toBe('1');
  });

  it('DescribeTransactions and ListTransactions show only the transactional ids the caller may describe', async () => {
    const bob = await connection('bob', 'bob-secret');
    const described = await bob.request(ApiKey.DescribeTransactions, 0, { transactionalIds: ['alice-tx'] }) as { transactionStates: { errorCode: number }[] };
    expect(described.transactionStates[0].errorCode).toBe(53); // TRANSACTIONAL_ID_AUTHORIZATION_FAILED
    const listedByBob = await bob.request(ApiKey.ListTransactions, 0, { stateFilters: [], producerIdFilters: [] }) as { transactionStates: unknown[] };
    expect(listedByBob.transactionStates).toEqual([]);
    await bob.close();
    const alice = await connection('alice', 'alice-secret');
    const mine = await alice.request(ApiKey.DescribeTransactions, 0, { transactionalIds: ['alice-tx'] }) as { transactionStates: { errorCode: number; transactionState: string }[] };
    expect(mine.transactionStates[0]).toMatchObject({ errorCode: 0, transactionState: expect.stringMatching(/^Complete/) });
    await alice.close();
  });
});

describe('KIP-430 authorized operations with the authorizer', () => {
  it('Metadata and DescribeCluster answer what the caller may do; the admin may do everything', async () => {
    const alice = await connection('alice', 'alice-secret');
    const md = await alice.request(ApiKey.Metadata, 10, {
      topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'txn-orders' }], allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: true, includeTopicAuthorizedOperations: true,
    }) as { topics: { topicAuthorizedOperations: number }[]; clusterAuthorizedOperations: number };
    // READ and WRITE, and the DESCRIBE they imply.
    expect(md.topics[0].topicAuthorizedOperations).toBe(ops(3, 4, 8));
    expect(md.clusterAuthorizedOperations).toBe(0);
    const dc = await alice.request(ApiKey.DescribeCluster, 1, { includeClusterAuthorizedOperations: true }) as { clusterAuthorizedOperations: number };
    expect(dc.clusterAuthorizedOperations).toBe(0);
    await alice.close();

    const root = await connection('admin', 'admin-secret');
    const all = await root.request(ApiKey.DescribeCluster, 1, { includeClusterAuthorizedOperations: true }) as { clusterAuthorizedOperations: number };
    expect(all.clusterAuthorizedOperations).toBe(ops(5, 9, 10, 11, 12, 7, 8));
    await root.close();
  });

  it('DescribeGroups answers the group operations granted, and GROUP_AUTHORIZATION_FAILED without DESCRIBE', async () => {
    // Ask the group's coordinator directly, as alice and as bob.
    for (const [user, password, expected] of [['alice', 'alice-secret', ops(3, 8)], ['bob', 'bob-secret', undefined]] as const) {
      let answered: { errorCode: number; authorizedOperations: number } | undefined;
      for (const id of [1, 2]) {
        const conn = await KafkaConnection.connect('127.0.0.1', tc.cluster.broker(id)!.port, { sasl: { mechanism: 'PLAIN', user, password } });
        const r = await conn.request(ApiKey.DescribeGroups, 5, { groups: ['alice-group'], includeAuthorizedOperations: true }) as { groups: { errorCode: number; authorizedOperations: number }[] };
        await conn.close();
        if (r.groups[0].errorCode !== 16) answered = r.groups[0]; // NOT_COORDINATOR
      }
      if (expected === undefined) expect(answered?.errorCode, user).toBe(30); // GROUP_AUTHORIZATION_FAILED
      else expect(answered, user).toMatchObject({ errorCode: 0, authorizedOperations: expected });
    }
  });
});
