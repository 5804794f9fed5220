// A consumer group drawn live: two kafkajs consumers of one group each show as a member box with its
// partitions; one stops and, without any Refresh, the rebalance shows and every partition ends on the member
// that stays (drawn as moved there). Screenshots in dark and light.

import { test, expect } from '@playwright/test';
import kafkajs from 'kafkajs';
import { shot } from './screens.ts';

const GROUP = 'e2e-group-live';
const TOPIC = 'e2e-group-live-orders';
const PARTITIONS = 4;

test('web: a group drawn as members and partitions follows a rebalance live', async ({ page }) => {
  const bootstrap = process.env.STREAMLAB_BOOTSTRAP!;
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-group-live', brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: Array.from({ length: 40 }, (_, i) => ({ partition: i % PARTITIONS, value: `v${i}` })) });
  await producer.disconnect();

  const start = async (clientId: string) => {
    const k = new kafkajs.Kafka({ clientId, brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
    const c = k.consumer({ groupId: GROUP, sessionTimeout: 10_000, heartbeatInterval: 500, rebalanceTimeout: 10_000 });
    await c.connect();
    await c.subscribe({ topic: TOPIC, fromBeginning: true });
    await c.run({ eachMessage: async () => undefined });
    return c;
  };
  const alpha = await start('alpha');
  const beta = await start('beta');

  await page.goto(`${process.env.STREAMLAB_URL!}#/groups/${GROUP}`);
  const diagram = page.getByRole('region', { name: 'Group members and partitions' });
  const box = (client: string) => diagram.getByRole('region', { name: new RegExp(`^Member ${client} `) });
  const chips = (client: string) => box(client).getByRole('listitem');
  // Both members, the four partitions shared between them, the group stable.
  await expect(box('alpha')).toBeVisible({ timeout: 30_000 });
  await expect(box('beta')).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await chips('alpha').count()) + (await chips('beta').count()), { timeout: 30_000 }).toBe(PARTITIONS);
  await expect(chips('alpha')).not.toHaveCount(0);
  await expect(chips('beta')).not.toHaveCount(0);
  await expect(diagram.getByRole('status')).toContainText('Stable');
  await shot(page, 'web', '22-group-live-two-members');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await shot(page, 'web', '22-group-live-two-members-light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();

  // beta stops (LeaveGroup): the rebalance is seen without a Refresh, then alpha owns every partition.
  const betaOwned = await chips('beta').evaluateAll((els) => els.map((e) => e.querySelector('.gchip-name')?.textContent ?? ''));
  await beta.disconnect();
  await expect(box('beta')).toHaveCount(0, { timeout: 30_000 });
  await expect(chips('alpha')).toHaveCount(PARTITIONS, { timeout: 30_000 });
  await expect(diagram.getByRole('status')).toContainText('Stable', { timeout: 30_000 });
  // beta's partitions are drawn as having moved to alpha (for a few seconds after the move).
  for (const name of betaOwned) await expect(box('alpha').getByRole('listitem', { name: new RegExp(`^${name}\\b.*moved here from`) })).toBeVisible();
  await shot(page, 'web', '23-group-live-rebalanced');
  await alpha.disconnect();
});
