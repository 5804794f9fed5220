// The Groups screen on a KIP-848 consumer group held in the middle of a rebalance: two members driven by raw
// ConsumerGroupHeartbeats (so the moment can be looked at), beside a classic group. The list shows each group's
// type; the group shows its epochs and, per member, what it owns, its target, what it revokes and what it waits
// for; once the first member revokes, the panel shows the group settled.

import { test, expect } from '@playwright/test';
import kafkajs from 'kafkajs';
import { ApiKey, KafkaConnection } from '../engine/index.ts';
import { shot } from './screens.ts';

const GROUP = 'e2e-kip848';
const TOPIC = 'e2e-kip848-orders';

interface Heartbeat { errorCode: number; memberEpoch: number; assignment: { topicPartitions: { topicId: string; partitions: number[] }[] } | null }

async function coordinator(bootstrap: string): Promise<KafkaConnection> {
  const [host, port] = bootstrap.split(',')[0].split(':');
  const boot = await KafkaConnection.connect(host, Number(port), { clientId: 'e2e-kip848' });
  const res = await boot.request(ApiKey.FindCoordinator, 4, { keyType: 0, coordinatorKeys: [GROUP] });
  await boot.close();
  const c = (res.coordinators as { host: string; port: number }[])[0];
  return KafkaConnection.connect(c.host, c.port, { clientId: 'e2e-kip848' });
}

test('web: a consumer-protocol group mid-rebalance, then settled', async ({ page }) => {
  const bootstrap = process.env.STREAMLAB_BOOTSTRAP!;
  const kafka = new kafkajs.Kafka({ clientId: 'e2e', brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4, replicationFactor: 1 }], waitForLeaders: true });
  await admin.setOffsets({ groupId: 'e2e-kip848-classic', topic: TOPIC, partitions: [{ partition: 0, offset: '0' }] });
  await admin.disconnect();

  const c = await coordinator(bootstrap);
  const hb = async (memberId: string, memberEpoch: number, owned: Heartbeat['assignment'] = { topicPartitions: [] }) => (await c.request(ApiKey.ConsumerGroupHeartbeat, 1, {
    groupId: GROUP, memberId, memberEpoch, instanceId: null, rackId: null, rebalanceTimeoutMs: 60_000,
    subscribedTopicNames: [TOPIC], subscribedTopicRegex: null, serverAssignor: null, topicPartitions: owned?.topicPartitions ?? [],
  })) as unknown as Heartbeat;
  const first = await hb('member-a', 0);
  expect(first.memberEpoch).toBe(1);
  expect((await hb('member-b', 0)).memberEpoch).toBe(2);

  await page.goto(process.env.STREAMLAB_URL!);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Consumer groups', exact: true }).click();
  const list = page.getByRole('table', { name: 'Consumer groups' });
  const row = list.getByRole('row').filter({ has: page.getByRole('button', { name: GROUP, exact: true }) });
  await expect(row).toContainText('consumer');
  await expect(row).toContainText('reconciling');
  await expect(list.getByRole('row').filter({ has: page.getByRole('button', { name: 'e2e-kip848-classic', exact: true }) })).toContainText('classic');
  await list.getByRole('button', { name: GROUP, exact: true }).click();

  const panel = page.getByRole('region', { name: 'Consumer protocol rebalance' });
  await expect(panel.getByLabel('Group epoch: 2')).toBeVisible();
  await expect(panel.getByLabel('Members behind the assignment epoch: 1')).toBeVisible();
  const members = panel.getByRole('table', { name: 'Consumer protocol members' });
  const a = members.getByRole('row').filter({ hasText: 'member-a' });
  await expect(a).toContainText(`${TOPIC} [0, 1, 2, 3]`);
  const b = members.getByRole('row').filter({ hasText: 'member-b' });
  await expect(b.locator('.badge-neutral')).toContainText(TOPIC);
  await shot(page, 'web', '20-groups-kip848-reconciling');

  // member-a is told to revoke, reports it has; member-b receives the two partitions.
  const told = await hb('member-a', 1, first.assignment);
  await hb('member-a', 1, told.assignment);
  await hb('member-b', 2);
  await expect(panel.getByLabel('Members behind the assignment epoch: 0')).toBeVisible();
  await expect(row).toContainText('stable');
  await expect(b.locator('.badge-neutral')).toHaveCount(0);
  await shot(page, 'web', '21-groups-kip848-stable');

  await hb('member-a', -1);
  await hb('member-b', -1);
  await c.close();
});
