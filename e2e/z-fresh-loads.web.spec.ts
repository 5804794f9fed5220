// Opening Messages right after a load, before the cluster overview has answered, once blanked the whole
// window (a render loop). A hundred fresh loads in one page: the backend's answers are held back by a
// different delay on each load, so Messages opens both before and after the overview arrives; every load must
// show the screen, then the topics once the overview is in, never a screen's error boundary, no page error.
// Every tenth load opens the whole-topic view by its URL instead, and a reload keeps it.

import { test, expect } from '@playwright/test';
import kafkajs from 'kafkajs';

const TOPIC = 'e2e-fresh-loads';
const LOADS = 100;

test('web: 100 fresh loads straight into Messages, never a blank window nor an error boundary', async ({ page }) => {
  test.setTimeout(240_000);
  const url = process.env.STREAMLAB_URL!;
  const admin = new kafkajs.Kafka({ clientId: 'e2e', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 1 }] });
  await admin.disconnect();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A screen's boundary logs `<screen> failed` when it catches (components/ErrorBoundary.tsx).
  page.on('console', (m) => {
    if (m.type() === 'error' && / failed$/.test(m.text())) errors.push(m.text());
  });
  let delayMs = 0;
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    const hold = delayMs;
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => void setTimeout(() => ws.send(m), hold));
  });
  const boundary = page.getByRole('alert').filter({ hasText: 'could not be shown' });
  const began = Date.now();
  for (let i = 0; i < LOADS; i++) {
    const load = `load ${i + 1}`;
    delayMs = (i % 5) * 100;
    if (i % 10 === 9) {
      // The whole topic by its URL; a reload keeps it.
      await page.goto(`${url}#/messages/${TOPIC}?view=topic`);
      await expect(page.getByRole('tab', { name: 'Whole topic' }), load).toHaveAttribute('aria-selected', 'true');
      await page.reload();
      await expect(page.getByRole('tab', { name: 'Whole topic' }), load).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('combobox', { name: 'Stream topic' }), load).toHaveValue(TOPIC);
    } else {
      await page.goto(url);
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Messages', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Messages', level: 1 }), load).toBeVisible();
      // The overview arrives while Messages is shown: its topics fill the topic picker.
      await expect(page.getByRole('combobox', { name: 'Topic', exact: true }).locator('option:not([disabled])').first(), load).toBeAttached();
    }
    await expect(page.locator('#root > *'), load).not.toHaveCount(0);
    await expect(boundary, load).toHaveCount(0);
  }
  console.log(`${LOADS} loads in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  expect(errors).toEqual([]);
});
