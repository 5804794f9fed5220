// Issue 5's admin flow against the same `npm run serve` (runs after web.spec.ts: the file name sorts last).
// Charts have points after producing; a kafkajs group's lag drops to 0 as it consumes, returns after a reset
// to earliest (previewed first, once the group is empty); purge, config edit, add partitions, add broker;
// Settings with an "external" connection (the local brokers' own bootstrap address, without SASL or TLS).

import { test, expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { shot } from './screens.ts';

const TOPIC = 'e2e-admin';
const GROUP = 'e2e-admin-group';

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
}

/** Screenshots start at the top of the screen (actions scroll the main area). */
async function top(page: Page): Promise<void> {
  await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
}

test('web: charts, group lag and offset reset, topic admin, add broker, settings', async ({ page }) => {
  const bootstrap = process.env.STREAMLAB_BOOTSTRAP!;
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-admin', brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  const send = async (i: number) => producer.send({ topic: TOPIC, messages: Array.from({ length: 50 }, (_, j) => ({ partition: j % 2, key: `k${i}-${j}`, value: JSON.stringify({ i, j, pad: 'x'.repeat(200) }) })) });
  await send(0);
  await send(1);
  // The group starts with nothing consumed: offset 0 committed on both partitions.
  await admin.setOffsets({ groupId: GROUP, topic: TOPIC, partitions: [{ partition: 0, offset: '0' }, { partition: 1, offset: '0' }] });

  await page.goto(`${process.env.STREAMLAB_URL!}#/cluster`);

  // Cluster: the throughput chart has points, and a non-zero rate was recorded.
  await expect(page.getByRole('heading', { name: 'Cluster', level: 1 })).toBeVisible();
  const chart = page.getByRole('figure', { name: 'Cluster messages per second' });
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(1);
  // More traffic while the sampler watches: the chart shows the rate.
  await send(2);
  await send(3);
  await producer.disconnect();
  await expect.poll(async () => Number(await chart.getAttribute('data-max'))).toBeGreaterThan(0);
  await expect(chart.locator('.recharts-area-curve')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Brokers' }).getByRole('columnheader', { name: 'Bytes in' })).toBeVisible();
  await shot(page, 'web', '20-cluster-throughput');

  // Group: lag 200, then a kafkajs consumer reads everything and the lag drops to 0.
  await go(page, 'Consumer groups');
  await page.getByRole('table', { name: 'Consumer groups' }).getByRole('button', { name: GROUP, exact: true }).click();
  const region = page.getByRole('region', { name: `Group ${GROUP}` });
  await expect(region.getByLabel('Total lag: 200')).toBeVisible();
  const consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  let consumed = 0;
  await consumer.run({ eachMessage: async () => { consumed++; } });
  await expect.poll(() => consumed, { timeout: 20_000 }).toBeGreaterThanOrEqual(200);
  await expect(region.getByLabel('Total lag: 0')).toBeVisible();

  // While it runs, Kafka refuses a reset: the dialog shows Kafka's error.
  await region.getByRole('button', { name: 'Reset offsets' }).click();
  const dialog = page.getByRole('dialog', { name: `Reset offsets of ${GROUP}` });
  await expect(dialog.getByRole('note')).toContainText('only while a group is empty');
  await dialog.getByRole('button', { name: 'Preview (dry run)' }).click();
  await dialog.getByRole('button', { name: 'Reset offsets' }).click();
  await expect(dialog.getByRole('alert')).toContainText('UNKNOWN_MEMBER_ID');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(region.getByRole('figure', { name: 'Lag (records)' }).locator('.recharts-line-curve')).toBeVisible();
  await shot(page, 'web', '21-group-lag-consumed');

  // Stop the consumer (the group becomes empty), preview a reset to earliest, apply it: the lag returns.
  await consumer.disconnect();
  await expect(region.getByText('empty', { exact: true }).first()).toBeVisible();
  await region.getByRole('button', { name: 'Reset offsets' }).click();
  await dialog.getByLabel('Reset to').selectOption('earliest');
  await dialog.getByRole('button', { name: 'Preview (dry run)' }).click();
  const preview = dialog.getByRole('table', { name: 'Reset preview' });
  await expect(preview.getByRole('row')).toHaveCount(3);
  await expect(preview.getByRole('row').nth(1)).toContainText('100');
  await expect(preview.getByRole('row').nth(1)).toContainText('−100');
  await shot(page, 'web', '22-group-reset-preview');
  await dialog.getByRole('button', { name: 'Reset offsets' }).click();
  await expect(dialog).toBeHidden();
  await expect(region.getByLabel('Total lag: 200')).toBeVisible();
  await expect(region.getByLabel(/Lag in time: \d/)).toBeVisible({ timeout: 10_000 });
  await region.getByRole('heading', { name: 'Lag over time' }).scrollIntoViewIfNeeded();
  await shot(page, 'web', '23-group-lag-returned');

  // Topic: charts, config edit (Kafka's refusal, then a value), add a partition, segments.
  await go(page, 'Topics');
  const topics = page.getByRole('table', { name: 'Topics' });
  await topics.getByRole('button', { name: TOPIC, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Topic ${TOPIC}` })).toBeVisible();
  await expect.poll(async () => Number(await page.getByRole('figure', { name: `${TOPIC} messages per second` }).getAttribute('data-points'))).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Edit retention.ms' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit retention.ms' });
  await edit.getByLabel('Value').fill('soon');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByRole('alert')).toContainText('INVALID_CONFIG');
  await shot(page, 'web', '24a-topic-config-error');
  await edit.getByLabel('Value').fill('7200000');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  const configs = page.getByRole('table', { name: 'Configs' });
  await expect(configs.getByRole('row').filter({ has: page.getByRole('cell', { name: 'retention.ms', exact: true }) })).toContainText('7200000');
  await expect(configs.getByRole('row').filter({ has: page.getByRole('cell', { name: 'retention.ms', exact: true }) })).toContainText('set on topic');
  await page.getByLabel(/Partition count/).fill('3');
  await page.getByRole('button', { name: 'Add partitions' }).click();
  await page.getByRole('dialog', { name: /^Grow .* to 3 partitions\?$/ }).getByRole('button', { name: 'Grow to 3 partitions' }).click();
  await expect(page.getByRole('table', { name: 'Partitions' }).getByRole('row')).toHaveCount(4);
  await expect(page.getByRole('table', { name: 'Segments' }).getByRole('row')).toHaveCount(4);
  await configs.getByRole('row').filter({ has: page.getByRole('cell', { name: 'retention.ms', exact: true }) }).scrollIntoViewIfNeeded();
  await shot(page, 'web', '24b-topic-config-edited');
  await top(page);
  await shot(page, 'web', '24-topic-admin');

  // Topics: the rate sparkline column; purge with confirmation.
  await go(page, 'Topics');
  await expect(topics.getByRole('img', { name: new RegExp(`^${TOPIC} in: .* messages per second now`) })).toBeVisible();
  await expect(topics.getByRole('img', { name: new RegExp(`^${TOPIC} out: .* messages per second now`) })).toBeVisible();
  const row = topics.getByRole('row').filter({ has: page.getByRole('button', { name: TOPIC, exact: true }) });
  await expect(row).toContainText('200');
  await page.getByRole('button', { name: `Purge topic ${TOPIC}` }).click();
  const purge = page.getByRole('dialog', { name: `Purge topic ${TOPIC}?` });
  await shot(page, 'web', '25-topics-purge-confirm');
  await purge.getByRole('button', { name: 'Purge messages' }).click();
  await expect(row.getByRole('cell').nth(3)).toHaveText('0');
  await shot(page, 'web', '26-topics-purged');

  // Cluster: add a broker.
  await go(page, 'Cluster');
  await page.getByRole('button', { name: 'Add broker' }).click();
  await expect(page.getByRole('table', { name: 'Brokers' }).getByRole('row')).toHaveCount(5);
  await expect(page.getByRole('listitem', { name: 'Brokers running: 4 / 4' })).toBeVisible();
  await shot(page, 'web', '27-cluster-broker-added');

  // Settings: an "external" connection to the local brokers' address; the cluster screen says lifecycle is off.
  await go(page, 'Settings');
  await expect(page.getByLabel('Data directory (read-only)')).not.toHaveValue('');
  const form = page.getByRole('form', { name: 'External cluster' });
  await form.getByLabel('Connection name').fill('As external');
  await form.getByLabel(/Bootstrap servers/).fill('not-a-server');
  await form.getByRole('button', { name: 'Save connection' }).click();
  await expect(form.getByRole('alert')).toContainText('INVALID_REQUEST');
  await form.getByLabel(/Bootstrap servers/).fill(bootstrap);
  await form.getByRole('button', { name: 'Save connection' }).click();
  await page.getByRole('button', { name: 'Use As external' }).click();
  await expect(page.getByRole('table', { name: 'Connections' }).getByRole('row').filter({ hasText: 'As external' })).toContainText('active');
  await top(page);
  await shot(page, 'web', '28-settings');
  await go(page, 'Cluster');
  await expect(page.getByRole('note')).toContainText('external cluster');
  await expect(page.getByRole('button', { name: 'Add broker' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Stop broker 1' })).toBeDisabled();
  await expect(page.getByRole('table', { name: 'Brokers' }).getByRole('row').nth(1)).toContainText('–');
  await shot(page, 'web', '29-cluster-external');
  await go(page, 'Settings');
  await page.getByRole('button', { name: 'Use Local cluster' }).click();
  await expect(page.getByRole('table', { name: 'Connections' }).getByRole('row').filter({ hasText: 'Local cluster' })).toContainText('active');
  await page.getByRole('radio', { name: 'Light' }).check();
  await top(page);
  await shot(page, 'web', '30-settings-light');
  await page.getByRole('radio', { name: 'Dark' }).check();
  await admin.disconnect();
});
