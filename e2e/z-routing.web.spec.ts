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
