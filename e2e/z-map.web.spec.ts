// The cluster map through a kill -> leader move -> heal cycle, against the same `npm run serve` (runs last:
// the file name sorts after the others). One tab shows the map, another the topic's partition table; neither
// is ever refreshed by hand. At each step both must show the cluster as it is: the killed broker's replicas
// dark and its leadership moved (the move drawn, the election on the timeline with its epoch), the ISR
// shrunk; after the restart its replicas back in sync and the preferred leader leading again.

import { test, expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { shot } from './screens.ts';

const TOPIC = 'e2e-map';

/** The partition table's row for `partition`: its Leader and ISR cells. */
async function partitionRow(page: Page, partition: number): Promise<{ leader: string; isr: string }> {
  const row = page.getByRole('table', { name: 'Partitions' }).getByRole('row').filter({ has: page.getByRole('cell', { name: String(partition), exact: true }) }).first();
  const cells = row.getByRole('cell');
  return { leader: (await cells.nth(1).innerText()).trim(), isr: (await cells.nth(3).innerText()).trim() };
}

test('web: the map follows a kill, the leader move and the heal, and so does the partition table', async ({ page, context }) => {
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-map', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: `v${i}` })) });
  await producer.disconnect();

  const url = process.env.STREAMLAB_URL!;
  await page.goto(`${url}#/map`);
  await expect(page.getByRole('heading', { name: 'Cluster map', level: 1 })).toBeVisible();
  await page.getByLabel('Filter topics').fill(TOPIC);
  const map = page.getByRole('table', { name: 'Cluster map' });
  const leaderTile = map.getByRole('cell', { name: new RegExp(`^${TOPIC}-0 on broker \\d+: leader`) });
  await expect(leaderTile).toHaveCount(1, { timeout: 30_000 });
  const leader = /on broker (\d+)/.exec((await leaderTile.getAttribute('aria-label'))!)![1];
  // Every replica in sync before the kill.
  await expect(map.getByRole('cell', { name: new RegExp(`^${TOPIC}-\\d on broker \\d+: in sync`) })).toHaveCount(6, { timeout: 30_000 });
  // With more brokers than replicas, the leader's broker holds some of the partitions only.
  const held = await map.getByRole('cell', { name: new RegExp(`^${TOPIC}-\\d on broker ${leader}: `) }).count();
  await shot(page, 'web', '40-map-healthy');

  // The topic's partition table in a second tab, left alone from here on.
  const table = await context.newPage();
  await table.goto(`${url}#/topics/${TOPIC}`);
  await expect(table.getByRole('heading', { name: `Topic ${TOPIC}` })).toBeVisible();
  await expect.poll(async () => (await partitionRow(table, 0)).leader).toBe(leader);

  // Kill the leader's broker from the map.
  await page.getByRole('button', { name: `Kill broker ${leader}`, exact: true }).click();
  await page.getByRole('dialog', { name: `Kill broker ${leader}?` }).getByRole('button', { name: 'Kill broker' }).click();
  await expect(map.getByRole('columnheader', { name: `Broker ${leader}` })).toContainText('killed');
  await expect(map.getByRole('cell', { name: new RegExp(`^${TOPIC}-0 on broker ${leader}: offline`) })).toHaveCount(1, { timeout: 30_000 });
  const newLeader = map.getByRole('cell', { name: new RegExp(`^${TOPIC}-0 on broker (?!${leader}:)\\d+: leader`) });
  await expect(newLeader).toHaveCount(1, { timeout: 30_000 });
  const moved = /on broker (\d+)/.exec((await newLeader.getAttribute('aria-label'))!)![1];
  const timeline = page.getByRole('list', { name: 'Cluster events' });
  await expect(timeline).toContainText(`Broker ${leader} was killed`);
  await expect(timeline).toContainText(new RegExp(`broker \\d+ elected leader \\(epoch \\d+\\)|partitions elected a new leader`));
  await expect(timeline).toContainText(`its leader, broker ${leader}, was killed`);
  await expect(timeline).toContainText(/ISR shrank|shrank their ISR/);
  await shot(page, 'web', '41-map-killed');

  // The partition table followed, with no Refresh: the new leader, and an ISR without the killed broker.
  await expect.poll(async () => (await partitionRow(table, 0)).leader, { timeout: 30_000 }).toBe(moved);
  await expect.poll(async () => (await partitionRow(table, 0)).isr.split(', ').includes(leader), { timeout: 30_000 }).toBe(false);
  await shot(table, 'web', '42-topic-live-after-kill');

  // Restart it: its replicas catch up and rejoin the ISR, every partition is fully replicated again.
  await page.getByRole('button', { name: `Start broker ${leader}`, exact: true }).click();
  await expect(map.getByRole('columnheader', { name: `Broker ${leader}` })).toContainText('running', { timeout: 30_000 });
  await expect(map.getByRole('cell', { name: new RegExp(`^${TOPIC}-\\d on broker ${leader}: (in sync|leader)`) })).toHaveCount(held, { timeout: 45_000 });
  await expect(timeline).toContainText(`Broker ${leader} is running`);
  await expect(timeline).toContainText(/ISR expanded|expanded their ISR/);
  await expect(timeline).toContainText('Every partition fully replicated', { timeout: 45_000 });
  await expect.poll(async () => (await partitionRow(table, 0)).isr.split(', ').includes(leader), { timeout: 45_000 }).toBe(true);
  await shot(page, 'web', '43-map-healed');
  await table.close();

  // The light theme, looked at too.
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await shot(page, 'web', '44-map-light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
});
