// Routing against the same `npm run serve`: a deep link opens its place, moving makes history (Back works),
// a reload keeps the place down to the selected record, a broker has its page, and an address without the
// token says that the token is missing.

import { test, expect } from '@playwright/test';
import kafkajs from 'kafkajs';
import { shot } from './screens.ts';

const TOPIC = 'e2e-routes';

test('web: deep links, Back and reload keep the place; a missing token is said', async ({ page }) => {
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-routes', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: Array.from({ length: 20 }, (_, i) => ({ partition: 1, key: `k${i}`, value: JSON.stringify({ i }) })) });
  await producer.disconnect();
  const url = process.env.STREAMLAB_URL!;

  // A deep link to the topic.
  await page.goto(`${url}#/topics/${TOPIC}`);
  await expect(page.getByRole('heading', { name: `Topic ${TOPIC}` })).toBeVisible();
  // Into partition 1's messages, then a record: each a place in the address.
  await page.getByRole('button', { name: 'Browse partition 1' }).click();
  await expect(page).toHaveURL(new RegExp(`#/messages/${TOPIC}/1$`));
  await page.getByRole('option', { name: 'Offset 7', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`#/messages/${TOPIC}/1/7$`));
  await expect(page.getByRole('complementary', { name: 'Record at offset 7' })).toBeVisible();
  await shot(page, 'web', '50-record-permalink');

  // Record -> the log: its segment file, byte position and batch, then the segment itself.
  const detail = page.getByRole('complementary', { name: 'Record at offset 7' });
  await detail.getByRole('button', { name: 'Where it lives in the log' }).click();
  const inLog = detail.getByRole('region', { name: 'Where it lives in the log' });
  await expect(inLog).toContainText('00000000000000000000.log');
  await expect(inLog).toContainText(/offsets \d+–\d+ at byte \d+/);
  await expect(inLog).toContainText('[7]');
  await inLog.getByRole('button', { name: '00000000000000000000.log' }).click();
  const segment = page.getByRole('dialog', { name: `Segment 0 of ${TOPIC}-1` });
  await expect(segment.getByRole('list', { name: 'What happens next' })).toContainText('The active segment');
  await expect(segment.getByRole('table', { name: 'Segment files' })).toContainText('00000000000000000000.index');
  await expect(segment.getByRole('table', { name: 'Segment batches' }).getByRole('row')).not.toHaveCount(1);
  await shot(page, 'web', '53-segment-view');
  await page.keyboard.press('Escape');
  await expect(segment).toBeHidden();

  // A reload keeps the place, down to the record.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Record at offset 7' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Partition' })).toHaveValue('1');

  // Back goes to the topic.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`#/topics/${TOPIC}$`));
  await expect(page.getByRole('heading', { name: `Topic ${TOPIC}` })).toBeVisible();

  // A broker's page from its link.
  await page.goto(`${url}#/brokers/1`);
  await expect(page.getByRole('heading', { name: /^Broker 1/, level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Replicas' })).toBeVisible();
  await shot(page, 'web', '51-broker-page');

  // The address without its token.
  const bare = new URL(url);
  bare.search = '';
  await page.goto(`${bare.href}#/topics/${TOPIC}`);
  await expect(page.getByRole('heading', { name: 'This link has no token' })).toBeVisible();
});

test('web: the whole topic merged by timestamp, followed live, the filter applied to the tail', async ({ page }) => {
  const topic = 'e2e-merged';
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-merged', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const t0 = Date.now() - 60_000;
  // Interleaved in time across the two partitions: a per-partition view could not show this order.
  await producer.send({ topic, messages: [
    { partition: 0, value: 'first', timestamp: String(t0) },
    { partition: 0, value: 'third', timestamp: String(t0 + 2000) },
    { partition: 1, value: 'second', timestamp: String(t0 + 1000) },
    { partition: 1, value: 'fourth', timestamp: String(t0 + 3000) },
  ] });

  await page.goto(`${process.env.STREAMLAB_URL!}#/messages`);
  await page.getByRole('tab', { name: 'Whole topic' }).click();
  await page.getByRole('combobox', { name: 'Stream topic' }).selectOption(topic);
  const list = page.getByRole('listbox', { name: 'Whole topic' });
  const values = () => list.getByRole('option').locator('.cell-value').allInnerTexts();
  await expect.poll(values).toEqual(['first', 'second', 'third', 'fourth']);
  await expect(page.getByRole('status', { name: 'Stream state' })).toContainText('following live');

  // The filter applies to what arrives.
  await page.getByLabel('Key or value contains').fill('order');
  await producer.send({ topic, messages: [
    { partition: 1, value: 'an order', timestamp: String(t0 + 10_000) },
    { partition: 0, value: 'a click', timestamp: String(t0 + 11_000) },
    { partition: 0, value: 'another order', timestamp: String(t0 + 12_000) },
  ] });
  await expect.poll(values, { timeout: 30_000 }).toEqual(['an order', 'another order']);
  await shot(page, 'web', '52-whole-topic-filtered');
  await page.getByLabel('Key or value contains').fill('');
  await expect.poll(values).toEqual(['first', 'second', 'third', 'fourth', 'an order', 'a click', 'another order']);
  await producer.disconnect();
});
