// @platformatic/kafka with groupProtocol 'consumer' (KIP-848) against a real 3-broker cluster: two members
// share a topic through ConsumerGroupHeartbeat, every record is consumed once and committed (OffsetCommit v9
// with the member epoch), and its admin lists the group with its type.

import { Admin, Consumer, Producer, stringDeserializers, stringSerializers, type Message, type MessagesStream } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, testCluster, waitFor, type TestCluster } from './cluster-fixture.ts';
import { describeConsumerGroup } from './consumer-group-requests.ts';

let tc: TestCluster;
let bootstrapBrokers: string[];
let admin: Admin;

beforeAll(async () => {
  tc = await testCluster({ brokers: 3, brokerConfig: { groupConsumerHeartbeatIntervalMs: 300 } });
  bootstrapBrokers = tc.bootstrap.split(',');
  admin = new Admin({ clientId: 'plt-kip848-admin', bootstrapBrokers, retries: 3, retryDelay: 100 });
});
afterAll(async () => {
  await admin?.close();
  await tc?.close();
});

describe('@platformatic/kafka, groupProtocol consumer', () => {
  it('two members read every record once and commit it; ListGroups says the group is a consumer group', async () => {
    const topic = 'plt-kip848';
    const groupId = 'plt-kip848-group';
    const M = 1_000;
    await createTopic(tc.cluster, topic, 4, 3);

    const seen: { member: string; position: string }[] = [];
    const members: { consumer: Consumer<string, string, string, string>; stream: MessagesStream<string, string, string, string>; done: Promise<void> }[] = [];
    for (const name of ['a', 'b']) {
      const consumer = new Consumer({
        clientId: `plt-kip848-${name}`, groupId, bootstrapBrokers, deserializers: stringDeserializers, maxWaitTime: 100,
        groupProtocol: 'consumer', rebalanceTimeout: 60_000,
      });
      const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false });
      const done = (async () => {
        for await (const m of stream as AsyncIterable<Message<string, string, string, string>>) {
          seen.push({ member: name, position: `${m.partition}:${m.offset}` });
          await m.commit();
        }
      })();
      members.push({ consumer, stream, done });
    }
    await waitFor('a stable group of two that share the partitions', async () => {
      const d = await describeConsumerGroup(tc.cluster, groupId);
      const owned = d.members.flatMap((m) => m.assignment.topicPartitions.flatMap((tp) => tp.partitions));
      return d.groupState === 'Stable' && d.members.length === 2 && owned.length === 4 && d.members.every((m) => m.assignment.topicPartitions.length > 0) ? d : undefined;
    }, 60_000);

    const producer = new Producer({ clientId: 'plt-kip848-producer', bootstrapBrokers, serializers: stringSerializers });
    for (let i = 0; i < M; i += 100) {
      await producer.send({ messages: Array.from({ length: 100 }, (_, j) => ({ topic, key: `k${i + j}`, value: `v${i + j}` })) });
    }
    await producer.close();

    const committedTotal = async () => {
      const [g] = await admin.listConsumerGroupOffsets({ groups: [groupId] });
      return (g.topics.find((t) => t.name === topic)?.partitions ?? []).reduce((n, p) => n + Number(p.committedOffset), 0);
    };
    await waitFor('every record consumed and committed', async () => (seen.length >= M && (await committedTotal()) === M ? true : undefined), 60_000);
    const listed = await admin.listGroups({ types: ['consumer'] });
    for (const m of members) {
      await m.stream.close();
      await m.consumer.close();
      await m.done;
    }

    expect(seen.length).toBe(M);
    expect(new Set(seen.map((s) => s.position)).size).toBe(M);
    expect(new Set(seen.map((s) => s.member))).toEqual(new Set(['a', 'b']));
    expect(listed.get(groupId)).toMatchObject({ id: groupId, groupType: 'consumer' });
    // Both members left with epoch -1: the group is Empty and keeps its offsets.
    expect((await describeConsumerGroup(tc.cluster, groupId)).groupState).toBe('Empty');
    expect(await committedTotal()).toBe(M);
  });
});
