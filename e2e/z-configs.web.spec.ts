// A broker's page shows its configs (value with units, source, read-only or dynamic) and edits a dynamic one
// through the Kafka protocol: a bad value shows Kafka's error and writes nothing; a good one is applied and
// seen by an independent client (kafkajs DescribeConfigs). The change is reset at the end, so the other
// specs see the cluster as it was.

import { test, expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { shot } from './screens.ts';

async function describedValue(name: string): Promise<{ value: string; source: number }> {
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-configs', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const r = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: kafkajs.ConfigResourceTypes.BROKER, name: '1', configNames: [name] }] });
    const e = r.resources[0].configEntries[0] as unknown as { configValue: string; configSource: number };
    return { value: e.configValue, source: e.configSource };
  } finally {
    await admin.disconnect();
  }
}

function configRow(page: Page, name: string) {
  return page.getByRole('table', { name: 'Broker configs' }).getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
}

test('web: the broker page lists its configs and edits a dynamic one', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${process.env.STREAMLAB_URL!}#/brokers/1`);
  await expect(page.getByRole('heading', { name: /^Broker 1/, level: 1 })).toBeVisible();
  const table = page.getByRole('table', { name: 'Broker configs' });
  await expect(table).toBeVisible({ timeout: 30_000 });

  // Human units beside the raw value, the source, and which ones can change without a restart.
  await expect(configRow(page, 'log.retention.ms')).toContainText('604800000');
  await expect(configRow(page, 'log.retention.ms')).toContainText('(7 d)');
  await expect(configRow(page, 'log.retention.ms')).toContainText('dynamic');
  await expect(configRow(page, 'num.partitions')).toContainText('read-only');
  await expect(configRow(page, 'num.partitions').getByRole('button', { name: 'Edit num.partitions' })).toHaveCount(0);

  // A bad value: Kafka's INVALID_CONFIG in the dialog, and nothing written.
  await configRow(page, 'log.cleaner.backoff.ms').getByRole('button', { name: 'Edit log.cleaner.backoff.ms' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit log.cleaner.backoff.ms' });
  await dialog.getByLabel(/Value/).fill('soon');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toContainText('INVALID_CONFIG');
  await expect(dialog.getByRole('alert')).toContainText('(Kafka error 40)');
  await expect(dialog.getByLabel(/Value/)).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText('Kafka expects a whole number of milliseconds');
  await shot(page, 'web', '70-broker-config-refused');
  // The same dialog in the light theme (set on the page: the theme button is behind the modal dialog).
  await page.evaluate(() => { document.documentElement.dataset.theme = 'light'; });
  await shot(page, 'web', '70-broker-config-refused-light');
  await page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
  expect((await describedValue('log.cleaner.backoff.ms')).value).toBe('15000');

  // A good one: applied, shown with its source, and what another client reads.
  await dialog.getByLabel(/Value/).fill('20000');
  await expect(dialog.getByText('(20 s)')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(configRow(page, 'log.cleaner.backoff.ms')).toContainText('20000');
  await expect(configRow(page, 'log.cleaner.backoff.ms')).toContainText('(20 s)');
  await expect(configRow(page, 'log.cleaner.backoff.ms')).toContainText('set on this broker');
  expect(await describedValue('log.cleaner.backoff.ms')).toEqual({ value: '20000', source: 2 });
  await configRow(page, 'log.cleaner.backoff.ms').scrollIntoViewIfNeeded();
  await shot(page, 'web', '71-broker-configs');

  // Back to the value below it.
  await configRow(page, 'log.cleaner.backoff.ms').getByRole('button', { name: 'Edit log.cleaner.backoff.ms' }).click();
  await page.getByRole('dialog', { name: 'Edit log.cleaner.backoff.ms' }).getByRole('button', { name: 'Reset' }).click();
  await expect(configRow(page, 'log.cleaner.backoff.ms')).toContainText('default');
  expect((await describedValue('log.cleaner.backoff.ms')).value).toBe('15000');
});

test('web: a group page edits its configs in the same dialog as topics and brokers', async ({ page }) => {
  // A consumer group with committed offsets, made by an independent client.
  const groupId = 'e2e-config-group';
  const topic = 'e2e-config-group-topic';
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-configs', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '0' }] });
  } finally {
    await admin.disconnect();
  }

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${process.env.STREAMLAB_URL!}#/groups/${groupId}`);
  const table = page.getByRole('table', { name: 'Group configs' });
  await expect(table).toBeVisible({ timeout: 30_000 });
  const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expect(row('consumer.session.timeout.ms')).toContainText('(45 s)');

  // Below the broker's group.consumer.min.session.timeout.ms: refused in the dialog, with Kafka's code.
  const name = 'consumer.session.timeout.ms';
  await row(name).getByRole('button', { name: `Edit ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${name}` });
  await expect(dialog).toContainText('Not set on this group');
  await expect(dialog.getByRole('button', { name: 'Reset to default' })).toBeDisabled();
  await dialog.getByLabel(/Value/).fill('1000');
  await expect(dialog.getByText('(1 s)')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('INVALID_CONFIG');
  await expect(dialog.getByRole('alert')).toContainText('(Kafka error 40)');
  await shot(page, 'web', '72-group-config-refused');

  // A value Kafka takes; then back to the broker's value.
  await dialog.getByLabel(/Value/).fill('50000');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row(name)).toContainText('50000');
  await expect(row(name)).toContainText('(50 s)');
  await expect(row(name)).toContainText('set on this group');
  await row(name).getByRole('button', { name: `Edit ${name}` }).click();
  await expect(dialog).toContainText('Set on this group.');
  await dialog.getByRole('button', { name: 'Reset to default' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row(name)).toContainText('45000');
  await expect(row(name)).not.toContainText('set on this group');
});
