// Moving a replica from the Topic screen against `npm run serve` (3 brokers): partition 0 of an RF 2 topic
// on brokers [1,2] moves its replica from broker 1 to broker 3 through the Move replica dialog (pick, review,
// confirm); the partition table then shows replicas 3, 2, and kafkajs reads every record back.

import { test, expect } from '@playwright/test';
import kafkajs from 'kafkajs';
import { shot } from './screens.ts';

const TOPIC = 'e2e-reassign';

test('web: move a replica of a partition to another broker', async ({ page }) => {
  const bootstrap = process.env.STREAMLAB_BOOTSTRAP!;
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-reassign', brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ids = (await admin.describeCluster()).brokers.map((b) => b.nodeId).sort((a, b) => a - b);
  const [from, stay, to] = ids;
  await admin.createTopics({ topics: [{ topic: TOPIC, replicaAssignment: [{ partition: 0, replicas: [from, stay] }] }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: 300 }, (_, i) => ({ partition: 0, key: `k${i}`, value: `v${i}` })) });
  await producer.disconnect();

  await page.goto(`${process.env.STREAMLAB_URL!}#/topics/${TOPIC}`);
  const table = page.getByRole('table', { name: 'Partitions' });
  const row = table.getByRole('row').filter({ has: page.getByRole('button', { name: 'Move a replica of partition 0' }) });
  // The Replicas cell comes first (the ISR cell may read the same).
  const replicasCell = (text: string) => row.getByRole('cell', { name: text, exact: true }).first();
  await expect(replicasCell(`${from}, ${stay}`)).toBeVisible();

  await row.getByRole('button', { name: 'Move a replica of partition 0' }).click();
  const dialog = page.getByRole('dialog', { name: `Move a replica of ${TOPIC}-0` });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Replica on broker').selectOption(String(from));
  await dialog.getByLabel('Move to broker').selectOption(String(to));
  await dialog.getByRole('button', { name: 'Review move' }).click();
  await expect(dialog.getByText(`Replicas of ${TOPIC}-0 go from`)).toContainText(`${to}, ${stay}`);
  await expect(dialog.getByText(`broker ${from} leaves the partition and deletes its copy`)).toBeVisible();
  await shot(page, 'web', '60-move-replica-confirm');
  await dialog.getByRole('button', { name: `Move to broker ${to}` }).click();
  await expect(dialog).toBeHidden();

  // The move completes: the table follows the partition to its new replicas, with no move in flight.
  await expect(replicasCell(`${to}, ${stay}`)).toBeVisible({ timeout: 30_000 });
  await expect(row.getByRole('button', { name: 'Move a replica of partition 0' })).toBeVisible();
  await shot(page, 'web', '61-move-replica-done');

  const md = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  expect(md.topics[0].partitions[0].replicas).toEqual([to, stay]);
  expect(md.topics[0].partitions[0].isr.slice().sort()).toEqual([stay, to].sort());
  const consumer = kafka.consumer({ groupId: 'e2e-reassign-reader' });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  let n = 0;
  await consumer.run({ eachMessage: async () => { n++; } });
  await expect.poll(() => n, { timeout: 30_000 }).toBe(300);
  await consumer.disconnect();
  await admin.disconnect();
});
