// The smoke flow shared by the 'web' and 'electron' projects: every screen, each saved as a screenshot.

import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots');

export async function shot(page: Page, prefix: string, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${prefix}-${name}.png`) });
}

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
}

/** A consumer group with lag: commit offset 0 on partition 0 of `topic`, which holds records. */
async function groupWithLag(bootstrap: string, groupId: string, topic: string): Promise<void> {
  const kafka = new kafkajs.Kafka({ clientId: 'e2e', brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ partition: 0, key: `k${i}`, value: JSON.stringify({ n: i }) })) });
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }] });
  await admin.disconnect();
}

export async function smokeFlow(page: Page, prefix: string, bootstrap: string): Promise<void> {
  const topic = `e2e-orders-${prefix}`;
  // Cluster (the map is the first screen; the Cluster screen has the brokers table)
  await go(page, 'Cluster');
  await expect(page.getByRole('heading', { name: 'Cluster', level: 1 })).toBeVisible();
  const brokers = page.getByRole('table', { name: 'Brokers' });
  await expect(brokers.getByRole('row')).toHaveCount(4);
  await expect(brokers.getByText('running')).toHaveCount(3);

  // Topics: empty, then create (client validation, then Kafka's own refusal shown in the dialog)
  await go(page, 'Topics');
  await expect(page.getByRole('heading', { name: 'Topics', level: 1 })).toBeVisible();
  await shot(page, prefix, '02-topics-empty');
  await page.getByRole('button', { name: 'New topic' }).click();
  const dialog = page.getByRole('dialog', { name: 'New topic' });
  await dialog.getByLabel('Name', { exact: true }).fill('bad name!');
  await dialog.getByRole('button', { name: 'Create topic' }).click();
  await expect(dialog.getByText("Use only letters, digits, '.', '_' and '-'.")).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill(topic);
  await dialog.getByLabel('Partitions').fill('3');
  await dialog.getByLabel('Replication factor').fill('1');
  await dialog.getByLabel(/Configs/).fill('retention.ms=banana');
  await dialog.getByRole('button', { name: 'Create topic' }).click();
  await expect(dialog.getByRole('alert')).toContainText('INVALID_CONFIG');
  await shot(page, prefix, '03-create-topic-kafka-error');
  await dialog.getByLabel(/Configs/).fill('retention.ms=3600000');
  await dialog.getByRole('button', { name: 'Create topic' }).click();
  await expect(dialog).toBeHidden();
  const topicsTable = page.getByRole('table', { name: 'Topics' });
  await expect(topicsTable.getByRole('button', { name: topic, exact: true })).toBeVisible();
  await shot(page, prefix, '04-topics');

  // Produce: bad JSON refused, then a record with key and header
  await go(page, 'Produce');
  const form = page.getByRole('form', { name: 'Produce a message' });
  await form.getByLabel('Topic').selectOption(topic);
  await form.getByLabel('Partition').selectOption('0');
  await form.getByLabel('Key').fill('order-1');
  await form.getByLabel('Value', { exact: true }).fill('{"id": 1, "status": ');
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(form.getByRole('alert')).toContainText('INVALID_JSON');
  await form.getByLabel('Value', { exact: true }).fill('{"id": 1, "status": "new", "items": [{"sku": "A-1", "qty": 2}]}');
  await form.getByRole('button', { name: 'Add header' }).click();
  await form.getByLabel('Header 1 name').fill('source');
  await form.getByLabel('Header 1 value').fill('e2e');
  await form.getByRole('button', { name: 'Send' }).click();
  const produced = page.getByRole('region', { name: 'Produced' });
  await expect(produced).toContainText(`${topic} / partition 0 / offset 0`);
  await shot(page, prefix, '05-produce');

  // Messages: open the record, see pretty JSON and hex
  await produced.getByRole('button', { name: 'View' }).first().click();
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  const row = page.getByRole('option', { name: 'Offset 0' });
  await expect(row).toContainText('order-1');
  await row.click();
  const detail = page.getByRole('complementary', { name: 'Record at offset 0' });
  await expect(detail.getByRole('tabpanel', { name: 'Value' })).toContainText('"status": "new"');
  await expect(detail).toContainText('source');
  await shot(page, prefix, '06-messages-json');
  await detail.getByRole('tab', { name: 'Hex' }).click();
  await expect(detail.getByRole('tabpanel', { name: 'Value' })).toContainText('00000000  7b 22 69 64');
  await shot(page, prefix, '07-messages-hex');

  // Topic detail
  await go(page, 'Topics');
  await topicsTable.getByRole('button', { name: topic, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Topic ${topic}` })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Partitions' }).getByRole('row')).toHaveCount(4);
  await expect(page.getByRole('table', { name: 'Configs' })).toContainText('3600000');
  await shot(page, prefix, '08-topic-detail');

  // Consumer group with lag (kafkajs commits offset 1 of 6 on partition 0)
  await groupWithLag(bootstrap, `e2e-group-${prefix}`, topic);
  await go(page, 'Consumer groups');
  const groups = page.getByRole('table', { name: 'Consumer groups' });
  await expect(groups.getByRole('button', { name: `e2e-group-${prefix}`, exact: true })).toBeVisible();
  await groups.getByRole('button', { name: `e2e-group-${prefix}`, exact: true }).click();
  const groupRegion = page.getByRole('region', { name: `Group e2e-group-${prefix}` });
  await expect(groupRegion.getByLabel('Total lag: 5')).toBeVisible();
  await shot(page, prefix, '09-groups');

  // Cluster: kill broker 2 (confirmation first), see it stopped, restart it
  await go(page, 'Cluster');
  await page.getByRole('button', { name: 'Kill broker 2' }).click();
  const confirm = page.getByRole('dialog', { name: 'Kill broker 2?' });
  await expect(confirm).toBeVisible();
  await shot(page, prefix, '10-kill-confirm');
  await confirm.getByRole('button', { name: 'Kill broker' }).click();
  const broker2 = brokers.getByRole('row').filter({ hasText: 'Broker 2' });
  await expect(broker2).toContainText('killed');
  await expect(page.getByRole('listitem', { name: /Brokers running: 2 \/ 3/ })).toBeVisible();
  await expect(page.getByRole('listitem', { name: /Offline partitions: [1-9]/ })).toBeVisible();
  await shot(page, prefix, '11-cluster-broker-killed');
  await page.getByRole('button', { name: 'Start broker 2' }).click();
  await expect(broker2).toContainText('running');
  await expect(page.getByRole('listitem', { name: 'Offline partitions: 0' })).toBeVisible();
  await shot(page, prefix, '01-cluster');

  // Light theme
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await go(page, 'Topics');
  await shot(page, prefix, '12-topics-light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
}
