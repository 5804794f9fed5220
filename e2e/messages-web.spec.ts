// Messages, search, export/import, generated produce and live tail, against `npm run serve` (global-setup.ts).

import fs from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import protobuf from 'protobufjs';
import { shot } from './screens.ts';

const P = 'web-msg';

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
}

test('web: generate 1,000 messages, browse, search, export, import, live tail', async ({ page }) => {
  const topic = 'e2e-generated';
  await page.goto(process.env.STREAMLAB_URL!);
  await go(page, 'Topics');
  await page.getByRole('button', { name: 'New topic' }).click();
  const dialog = page.getByRole('dialog', { name: 'New topic' });
  await dialog.getByLabel('Name', { exact: true }).fill(topic);
  await dialog.getByLabel('Partitions').fill('2');
  await dialog.getByLabel('Replication factor').fill('1');
  await dialog.getByRole('button', { name: 'Create topic' }).click();
  await expect(dialog).toBeHidden();

  // Generate: a bad template is refused with its position; then preview and send 1,000
  await go(page, 'Produce');
  await page.getByRole('tab', { name: 'Generate from a template' }).click();
  const form = page.getByRole('form', { name: 'Generate messages' });
  await form.getByLabel('Topic').selectOption(topic);
  await form.getByLabel('Partition').selectOption('0');
  await form.getByLabel('Key template').fill('user-{{int 1 9}}');
  await form.getByLabel('Value template').fill('{"n": {{seq}}, "group": "g{{seq}}", "kind": "{{pick a b}}" {{oops}}}');
  await form.getByRole('button', { name: 'Preview' }).click();
  await expect(form.getByRole('alert')).toContainText("INVALID_TEMPLATE");
  await expect(form.getByRole('alert')).toContainText("unknown generator 'oops'");
  await shot(page, P, '20-generate-bad-template');
  await form.getByLabel('Value template').fill('{"n": {{seq}}, "group": "g{{seq}}", "kind": "{{pick a b}}", "id": "{{uuid}}"}');
  await form.getByRole('button', { name: 'Add header template' }).click();
  await form.getByLabel('Header template 1 name').fill('source');
  await form.getByLabel('Header template 1 value').fill('{{pick web app}}');
  await form.getByLabel('Template name').fill('e2e-orders');
  await form.getByRole('button', { name: 'Save template' }).click();
  await expect(form.getByLabel('Saved template')).toHaveValue('e2e-orders');
  await form.getByRole('button', { name: 'Preview' }).click();
  const generated = page.getByRole('region', { name: 'Generated' });
  await expect(generated.getByRole('list', { name: 'Preview records' }).getByRole('listitem')).toHaveCount(3);
  await form.getByLabel('Count').fill('1000');
  await form.getByRole('button', { name: 'Send 1,000' }).click();
  const progress = generated.getByRole('status', { name: 'Send progress' });
  await expect(progress).toContainText('1,000 / 1,000 sent');
  await expect(progress).toContainText('done');
  await expect(progress).toContainText('partition 0 · offsets 0–999');
  await form.getByText('Template syntax').click();
  await expect(form.getByText('a random UUID')).toBeVisible();
  await shot(page, P, '21-generate-sent');

  // Browse: jump to an offset, open the record
  await progress.getByRole('button', { name: 'View' }).click();
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  await expect(page.getByText('1,000 records')).toBeVisible();
  await page.getByLabel('Go to offset').fill('500');
  await page.getByLabel('Go to offset').press('Enter');
  const row = page.getByRole('option', { name: 'Offset 500', exact: true });
  await expect(row).toContainText('"group": "g501"');
  await row.click();
  const detail = page.getByRole('complementary', { name: 'Record at offset 500' });
  await expect(detail.getByRole('tabpanel', { name: 'Value' })).toContainText('"group": "g501"');
  await shot(page, P, '22-browse-detail');
  await detail.getByRole('tab', { name: 'Protobuf' }).click();
  await shot(page, P, '23-browse-protobuf');
  await page.getByRole('button', { name: 'Latest' }).click();
  await expect(page.getByRole('option', { name: 'Offset 999', exact: true })).toBeVisible();
  // Start at a time: an hour ago is before every record, so the view opens at the first one
  const hourAgo = await page.evaluate(() => {
    const d = new Date(Date.now() - 3_600_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  });
  await page.getByLabel('Go to time').fill(hourAgo);
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(page.getByRole('option', { name: 'Offset 0', exact: true })).toBeVisible();

  // Search by value: "g1" prefix matches g1, g10–g19, g100–g199, g1000 = 112
  await page.getByRole('tab', { name: 'Search' }).click();
  const search = page.getByRole('form', { name: 'Search messages' });
  await search.getByLabel('Topic').selectOption(topic);
  await search.getByLabel('Regular expression').fill('([');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(search.getByRole('alert')).toContainText('INVALID_REGEX');
  await search.getByLabel('Regular expression').fill('');
  await search.getByLabel('Value contains').fill('"group": "g1');
  await search.getByRole('button', { name: 'Search' }).click();
  const status = search.getByRole('status', { name: 'Search progress' });
  await expect(status).toContainText('112 matched');
  await expect(status).toContainText('done');
  await expect(status).toContainText('1,000 / 1,000 scanned');
  await shot(page, P, '24-search');

  // Export all matches as JSON lines
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON lines' }).click();
  const file = await (await download).path();
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(112);
  expect(JSON.parse(lines[0])).toMatchObject({ partition: 0, headers: [{ key: 'source' }] });

  // Import: a bad file shows its bad lines and writes nothing; the exported one previews
  await page.getByRole('button', { name: 'Import…' }).click();
  const imp = page.getByRole('dialog', { name: 'Import messages' });
  await imp.getByLabel('File').setInputFiles({ name: 'bad.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from('{"value":"ok"}\n{"value": oops}\n') });
  await expect(imp.getByRole('alert', { name: 'Bad lines' })).toContainText('Line 2: not valid JSON');
  await shot(page, P, '25-import-bad');
  await imp.getByLabel('File').setInputFiles(file);
  await expect(imp.getByRole('status', { name: 'Import preview' })).toContainText('112 records ready');
  await shot(page, P, '26-import-preview');
  await imp.getByRole('button', { name: 'Cancel' }).click();

  // Live tail: follow partition 0, a record produced by kafkajs shows up
  await page.getByRole('tab', { name: 'Browse' }).click();
  await page.getByLabel('Follow new messages').click();
  await expect(page.getByLabel('Follow new messages')).toBeChecked();
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-tail', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ partition: 0, key: 'tail', value: 'a record for the live tail' }] });
  await producer.disconnect();
  await expect(page.getByRole('option', { name: 'Offset 1000', exact: true })).toContainText('a record for the live tail');
  await shot(page, P, '27-live-tail');
  await page.getByLabel('Follow new messages').click();
  await expect(page.getByLabel('Follow new messages')).not.toBeChecked();
});

test('web: Protobuf with a .proto schema, decoded by the backend', async ({ page }) => {
  const topic = 'e2e-protobuf';
  const schema = 'syntax = "proto3";\npackage shop;\nmessage Order {\n  enum Status { NEW = 0; PAID = 1; }\n  int64 id = 1;\n  Status status = 2;\n  string note = 3;\n}\n';
  const Order = protobuf.parse(schema).root.lookupType('shop.Order');
  const value = Buffer.from(Order.encode(Order.fromObject({ id: '9007199254740993', status: 'PAID', note: 'gift' })).finish());
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-protobuf', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'order-1', value }] });
  await producer.disconnect();

  await page.goto(process.env.STREAMLAB_URL!);
  await go(page, 'Topics');
  await page.getByRole('table', { name: 'Topics' }).getByRole('button', { name: topic, exact: true }).click();
  await page.getByRole('button', { name: 'Browse partition 0' }).click();
  await page.getByRole('option', { name: 'Offset 0' }).click();
  const detail = page.getByRole('complementary', { name: 'Record at offset 0' });
  await detail.getByRole('tab', { name: 'Protobuf' }).click();
  // Schemaless by default: field numbers.
  await expect(detail.getByRole('tabpanel', { name: 'Value' })).toContainText('"field": 3');
  const form = detail.getByRole('form', { name: 'Protobuf schema' });
  await form.getByLabel('.proto schema (optional)').fill(schema);
  await form.getByLabel('Message type (fully qualified)').fill('shop.Invoice');
  await form.getByRole('button', { name: 'Decode with schema' }).click();
  await expect(detail.getByRole('alert')).toContainText('UNKNOWN_TYPE');
  await form.getByLabel('Message type (fully qualified)').fill('shop.Order');
  await form.getByRole('button', { name: 'Decode with schema' }).click();
  const panel = detail.getByRole('tabpanel', { name: 'Value' });
  await expect(panel).toContainText('"id": "9007199254740993"');
  await expect(panel).toContainText('"status": "PAID"');
  await expect(panel).toContainText('"note": "gift"');
  await shot(page, P, '40-protobuf-schema');
});
