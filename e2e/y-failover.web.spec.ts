// Failover against the same `npm run serve` (runs after x-admin.web.spec.ts: the file name sorts last). A topic
// with 3 partitions replicated 3 times; killing partition 0's leader from the Cluster screen leaves partitions
// under-replicated and moves partition 0's leadership to another replica; restarting the broker heals the ISR.
// Only states are awaited (polled), never timings.

import { test, expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { shot } from './screens.ts';

const TOPIC = 'e2e-failover';

/** The sidebar button; its name gains a badge ("Cluster 1 broker down") while a broker is down. */
async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`^${screen}( |$)`) }).click();
}

/** Opens the topic (fresh from the backend) and reads partition 0's Leader cell ('none' when offline). */
async function leaderOfPartition0(page: Page): Promise<string> {
  await go(page, 'Topics');
  await page.getByRole('table', { name: 'Topics' }).getByRole('button', { name: TOPIC, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Topic ${TOPIC}` })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Partitions' }).getByRole('row');
  await expect(rows).toHaveCount(4);
  for (let i = 1; i < 4; i++) {
    const cells = rows.nth(i).getByRole('cell');
    if ((await cells.nth(0).innerText()).trim() === '0') return (await cells.nth(1).innerText()).trim();
  }
  throw new Error('no row for partition 0');
}

test('web: killing a partition leader under-replicates, another replica leads, a restart heals', async ({ page }) => {
  const bootstrap = process.env.STREAMLAB_BOOTSTRAP!;
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-failover', brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
  await admin.disconnect();

  await page.goto(`${process.env.STREAMLAB_URL!}#/cluster`);
  await expect(page.getByRole('heading', { name: 'Cluster', level: 1 })).toBeVisible();
  const health = page.getByRole('list', { name: 'Cluster health' });
  await expect(health.getByRole('listitem', { name: 'Under-replicated partitions: 0' })).toBeVisible({ timeout: 30_000 });

  // The leader of partition 0, from the Topic screen.
  let leader = '';
  await expect.poll(async () => (leader = await leaderOfPartition0(page))).toMatch(/^\d+$/);

  // Kill it from the Cluster screen (confirmation first).
  await go(page, 'Cluster');
  await page.getByRole('button', { name: `Kill broker ${leader}`, exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Kill broker ${leader}?` });
  await confirm.getByRole('button', { name: 'Kill broker' }).click();
  await expect(confirm).toBeHidden();
  const killed = page.getByRole('table', { name: 'Brokers' }).getByRole('row').filter({ hasText: `Broker ${leader}` });
  await expect(killed).toContainText('killed');
  await expect(health.getByRole('listitem', { name: /^Under-replicated partitions: [1-9]\d*$/ })).toBeVisible({ timeout: 30_000 });
  await shot(page, 'web', '31-cluster-under-replicated');

  // Partition 0 is led by another replica.
  await expect.poll(() => leaderOfPartition0(page), { timeout: 30_000 }).toMatch(new RegExp(`^(?!${leader}$)\\d+$`));
  await shot(page, 'web', '32-topic-failover-leader');

  // Restart it from the Cluster screen: the ISR heals, nothing is under-replicated.
  await go(page, 'Cluster');
  await page.getByRole('button', { name: `Start broker ${leader}`, exact: true }).click();
  await expect(killed).toContainText('running');
  await expect(health.getByRole('listitem', { name: 'Under-replicated partitions: 0' })).toBeVisible({ timeout: 45_000 });
  await expect(health.getByRole('listitem', { name: 'Offline partitions: 0' })).toBeVisible();
  await shot(page, 'web', '33-cluster-healed');
});
