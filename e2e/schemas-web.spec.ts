// The Schema Registry in the UI, against `npm run serve` (global-setup.ts) and its embedded registry: records
// written by @kafkajs/confluent-schema-registry (Avro, Protobuf, JSON Schema) show decoded with subject and
// version; the Schemas screen lists the subjects, diffs two versions, changes a level and refuses an
// incompatible version with the checker's message; the produce form encodes with a subject's schema.

import { test, expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { shot } from './screens.ts';

const P = 'web-schemas';
const topic = 'e2e-schemas';

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
}

const orderV1 = { type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'long' }, { name: 'item', type: 'string' }] };
const orderV2 = { ...orderV1, fields: [...orderV1.fields, { name: 'note', type: 'string', default: '' }] };
const proto = 'syntax = "proto3";\npackage shop;\nmessage Shipment {\n  int64 order = 1;\n  string carrier = 2;\n}\n';
const jsonSchema = { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } }, required: ['sku', 'qty'] };

test('web: records decoded through the registry, and the Schemas screen', async ({ page }) => {
  await page.goto(process.env.STREAMLAB_URL!);
  await go(page, 'Schemas');
  await expect(page.getByRole('heading', { name: 'Schemas', level: 1 })).toBeVisible();
  // The registry's URL as the screen shows it (8081, or a free port when that was taken).
  const url = (await page.locator('.registry-line code').first().textContent())!;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

  const sr = new SchemaRegistry({ host: url });
  const v1 = await sr.register({ type: SchemaType.AVRO, schema: JSON.stringify(orderV1) }, { subject: `${topic}-value` });
  const v2 = await sr.register({ type: SchemaType.AVRO, schema: JSON.stringify(orderV2) }, { subject: `${topic}-value` });
  const p = await sr.register({ type: SchemaType.PROTOBUF, schema: proto }, { subject: 'shipments-value' });
  const j = await sr.register({ type: SchemaType.JSON, schema: JSON.stringify(jsonSchema) }, { subject: 'stock-value' });
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-schemas', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      { key: 'o-1', value: await sr.encode(v1.id, { id: 1, item: 'kettle' }) },
      { key: 'o-2', value: await sr.encode(v2.id, { id: 2, item: 'teapot', note: 'gift wrap' }) },
      { key: 's-1', value: await sr.encode(p.id, { order: 1, carrier: 'post' }) },
      { key: 'k-1', value: await sr.encode(j.id, { sku: 'MUG-7', qty: 3 }) },
      { key: 'plain', value: 'not encoded' },
    ],
  });
  await producer.disconnect();

  // Messages: decoded values with a schema badge; the detail names subject and version
  await go(page, 'Topics');
  await page.getByRole('table', { name: 'Topics' }).getByRole('button', { name: topic, exact: true }).click();
  await page.getByRole('button', { name: 'Browse partition 0' }).click();
  const row = (o: number) => page.getByRole('option', { name: `Offset ${o}`, exact: true });
  await expect(row(0)).toContainText('schema');
  await expect(row(0)).toContainText('"item":"kettle"');
  await expect(row(2)).toContainText('"carrier":"post"');
  await expect(row(3)).toContainText('"sku":"MUG-7"');
  await expect(row(4)).toContainText('not encoded');
  await expect(row(4).locator('.schema-badge')).toHaveCount(0);
  await row(1).click();
  const detail = page.getByRole('complementary', { name: 'Record at offset 1' });
  await expect(detail.getByLabel('Schema', { exact: true })).toContainText(`${topic}-value version 2`);
  await expect(detail.getByRole('tabpanel', { name: 'Value' })).toContainText('"note": "gift wrap"');
  await shot(page, P, '10-decoded-avro');
  await row(2).click();
  const shipment = page.getByRole('complementary', { name: 'Record at offset 2' });
  await expect(shipment.getByLabel('Schema', { exact: true })).toContainText('shipments-value version 1');
  await expect(shipment.getByLabel('Schema', { exact: true })).toContainText('PROTOBUF');
  await expect(shipment.getByRole('tabpanel', { name: 'Value' })).toContainText('"order": "1"');
  await row(3).click();
  await expect(page.getByRole('complementary', { name: 'Record at offset 3' }).getByLabel('Schema', { exact: true })).toContainText('stock-value version 1');
  await shot(page, P, '11-decoded-json-schema');

  // Search sees decoded fields
  await page.getByRole('tab', { name: 'Search' }).click();
  const search = page.getByRole('form', { name: 'Search messages' });
  await search.getByLabel('Topic').selectOption(topic);
  await search.getByLabel('Value contains').fill('"note":"gift wrap"');
  await search.getByRole('button', { name: 'Search' }).click();
  const status = search.getByRole('status', { name: 'Search progress' });
  await expect(status).toContainText('1 matched');
  await expect(status).toContainText('done');
  await page.getByRole('tab', { name: 'Browse' }).click();

  // Produce with a schema: a mismatch names the field and sends nothing; a match is decoded back
  await go(page, 'Produce');
  const form = page.getByRole('form', { name: 'Produce a message' });
  await form.getByLabel('Topic').selectOption(topic);
  await form.getByLabel('Encode with schema').selectOption(`${topic}-value`);
  await form.getByRole('textbox', { name: 'Value' }).fill('{"id": "seven", "item": "lamp"}');
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(form.getByRole('alert')).toContainText('SCHEMA_MISMATCH');
  await expect(form.getByRole('alert')).toContainText("field 'id'");
  await shot(page, P, '20-produce-mismatch');
  await form.getByRole('textbox', { name: 'Value' }).fill('{"id": 7, "item": "lamp", "note": ""}');
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('region', { name: 'Produced' })).toContainText('offset 5');
  expect(await sr.decode((await readOffset(5))!)).toEqual({ id: 7, item: 'lamp', note: '' });

  // Schemas: the list, a subject, its diff, a level change, an incompatible version refused
  await go(page, 'Schemas');
  const subjects = page.getByRole('table', { name: 'Subjects' });
  await expect(subjects.getByRole('row')).toHaveCount(4);
  await expect(subjects).toContainText('shipments-value');
  await expect(subjects).toContainText('Protobuf');
  await subjects.getByRole('button', { name: `${topic}-value`, exact: true }).click();
  const panel = page.getByRole('region', { name: `Subject ${topic}-value` });
  const diff = panel.getByRole('region', { name: 'Diff between versions' });
  // A field added: its five pretty-printed lines, nothing removed.
  await expect(diff.getByRole('status')).toHaveText('5 added, 0 removed');
  await expect(diff.locator('[data-kind="added"]', { hasText: '"name": "note"' })).toHaveCount(1);
  await expect(panel.getByLabel('Schema of version 2')).toContainText('"default": ""');
  await panel.getByLabel(`Compatibility of ${topic}-value`).selectOption('FULL');
  await expect(panel.getByLabel(`Compatibility of ${topic}-value`)).toHaveValue('FULL');
  await expect(subjects.getByRole('row', { name: new RegExp(`${topic}-value`) })).toContainText('FULL');
  const register = panel.getByRole('form', { name: `New version of ${topic}-value` });
  const v3 = { ...orderV2, fields: [...orderV2.fields, { name: 'priority', type: 'int' }] };
  await register.getByLabel('Schema', { exact: true }).fill(JSON.stringify(v3, null, 2));
  await expect(register.getByRole('button', { name: 'Register' })).toBeDisabled();
  await register.getByRole('button', { name: 'Check compatibility' }).click();
  const verdict = register.getByRole('status', { name: 'Compatibility check' });
  await expect(verdict).toContainText('Incompatible at FULL');
  await expect(verdict).toContainText('priority');
  await expect(register.getByRole('button', { name: 'Register' })).toBeDisabled();
  await shot(page, P, '30-schemas-incompatible');
  // With a default it is compatible both ways: registered as version 3
  await register.getByLabel('Schema', { exact: true }).fill(JSON.stringify({ ...orderV2, fields: [...orderV2.fields, { name: 'priority', type: 'int', default: 0 }] }, null, 2));
  await register.getByRole('button', { name: 'Check compatibility' }).click();
  await expect(verdict).toContainText('Compatible (FULL)');
  await register.getByRole('button', { name: 'Register' }).click();
  await expect(panel.getByRole('tab', { name: 'v3' })).toBeVisible();
  await expect(diff.getByRole('status')).toHaveText('5 added, 0 removed');
  await expect(diff.locator('[data-kind="added"]', { hasText: '"name": "priority"' })).toHaveCount(1);
  // The screen from its top: the subjects, the open subject, its versions and the diff of v2 and v3.
  await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
  await shot(page, P, '31-schemas-diff-dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
  await shot(page, P, '32-schemas-diff-light');
  await diff.getByLabel('Diff from version').selectOption('1');
  await expect(diff.getByRole('status')).toHaveText('10 added, 0 removed');
  await go(page, 'Messages');
  await row(1).click();
  await shot(page, P, '33-decoded-light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();

  // Delete: soft (confirmed), then the subject follows the global level again
  await go(page, 'Schemas');
  await subjects.getByRole('button', { name: 'stock-value', exact: true }).click();
  const stock = page.getByRole('region', { name: 'Subject stock-value' });
  await stock.getByRole('button', { name: 'Delete subject' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete subject stock-value?' });
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(subjects.getByRole('row')).toHaveCount(3);
  await page.getByLabel('Show deleted').check();
  await expect(subjects.getByRole('row', { name: /stock-value/ })).toContainText('deleted');
});

async function readOffset(offset: number): Promise<Buffer | null> {
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-schemas-read', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `e2e-schemas-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const value = await new Promise<Buffer | null>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (Number(message.offset) === offset) resolve(message.value);
      },
    });
  });
  await consumer.disconnect();
  return value;
}
