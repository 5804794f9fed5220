// Share groups (queues) in the Groups screen, against the same `npm run serve`: librdkafka share consumers
// (rdk-driver) read a queue; rejected records become dead letters; a member that hangs holds acquired records
// (shown with their holder and lock) until the lock expires; the dead letters are replayed to a topic.

import { test, expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { startDriver } from '../engine/test/librdkafka.ts';
import { shot } from './screens.ts';

const TOPIC = 'e2e-queue';
const GROUP = 'e2e-share';

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
}

test('web: a share group shows its partition window, in-flight records and dead letters, and replays them', async ({ page }) => {
  const bootstrap = process.env.STREAMLAB_BOOTSTRAP!;
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-share', brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }, { topic: `${TOPIC}-dlq`, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  let n = 0;
  const send = () => producer.send({ topic: TOPIC, messages: Array.from({ length: 5 }, () => ({ value: n % 4 === 3 ? `bad-${n++}` : `ok-${n++}` })) });

  // A share group starts at the end of the log (share.auto.offset.reset=latest): produce until it reads.
  const member = startDriver(['share', '-b', bootstrap, '-t', TOPIC, '-G', GROUP, '--reject', 'bad', '--idle-ms', '4000']);
  while (!member.events.some((e) => e.event === 'record')) {
    await send();
    await new Promise((r) => setTimeout(r, 300));
  }
  for (let i = 0; i < 4; i++) await send();
  const first = await member.done;
  const rejected = first.of('record').filter((r) => r.ack === 'reject').length;
  expect(rejected).toBeGreaterThan(0);

  // A member that hangs after its first record, its connection open: its batch stays acquired until the lock
  // expires. (One whose connection closes gives its records back at once, as Kafka's share sessions do.)
  const hung = startDriver(['share', '-b', bootstrap, '-t', TOPIC, '-G', GROUP, '--stop-after', '1', '-X', 'max.poll.records=8'], { timeoutMs: 180_000 });
  while (!hung.events.some((e) => e.event === 'record')) {
    await send();
    await new Promise((r) => setTimeout(r, 300));
  }
  await producer.disconnect();

  await page.goto(process.env.STREAMLAB_URL!);
  await go(page, 'Consumer groups');
  await page.getByRole('table', { name: 'Consumer groups' }).getByRole('button', { name: GROUP, exact: true }).click();
  const region = page.getByRole('region', { name: `Group ${GROUP}` });
  const part = region.getByRole('region', { name: `Share partition ${TOPIC}-0` });
  await expect(part).toBeVisible();
  const inFlight = part.getByRole('table', { name: `In-flight records of ${TOPIC}-0` });
  await expect(inFlight.getByText('acquired').first()).toBeVisible();
  const dead = part.getByRole('table', { name: `Dead letters of ${TOPIC}-0` });
  await expect(dead.getByText('rejected by a consumer')).toHaveCount(rejected);
  await part.scrollIntoViewIfNeeded();
  await shot(page, 'web', '40-share-group');

  await part.getByLabel('Replay to topic').fill(`${TOPIC}-dlq`);
  await part.getByRole('button', { name: /Replay \d+ dead letter/ }).click();
  await expect(part.getByRole('status')).toHaveText(`Replayed ${rejected} record${rejected === 1 ? '' : 's'} to ${TOPIC}-dlq.`);
  await part.getByRole('status').scrollIntoViewIfNeeded();
  await shot(page, 'web', '41-share-dead-letters-replayed');
  hung.child.kill('SIGKILL');
});
