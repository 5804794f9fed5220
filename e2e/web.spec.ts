// The web smoke flow against `npm run serve` (started by global-setup.ts).

import { test, expect } from '@playwright/test';
import kafkajs from 'kafkajs';
import WebSocket from 'ws';
import { smokeFlow } from './screens.ts';

test('web: topics, produce, messages, groups, broker kill and restart', async ({ page }) => {
  const url = process.env.STREAMLAB_URL;
  expect(url, 'global setup starts npm run serve').toBeTruthy();
  await page.goto(url!);
  await smokeFlow(page, 'web', process.env.STREAMLAB_BOOTSTRAP!);
});

test('web: the socket refuses a wrong token', async ({ page }) => {
  const url = new URL(process.env.STREAMLAB_URL!);
  const token = url.searchParams.get('token')!;
  const socket = (t: string) => `ws://${url.host}/ws?token=${encodeURIComponent(t)}`;
  // The server is alive and takes its own token from its own origin ...
  expect(await upgradeStatus(socket(token), url.origin)).toBe(101);
  // ... and refuses the wrong one for the token's sake: an HTTP 401, not a dropped connection.
  expect(await upgradeStatus(socket('wrong'), url.origin)).toBe(401);

  url.searchParams.set('token', 'wrong');
  const attempt = page.waitForEvent('websocket');
  const res = await page.goto(url.href);
  expect(res?.status(), 'the page itself is served').toBe(200);
  expect((await attempt).url()).toContain('token=wrong');
  await expect(page.getByRole('status')).toHaveText('Reconnecting…');
  // Still alive after the refusals: the UI shows Reconnecting because of the token, not a dead server.
  expect(await upgradeStatus(socket(token), url.origin)).toBe(101);
});

// Opening Messages right after a load, before the cluster overview has answered, once blanked the whole
// window (a render loop). The backend's answers are held back by a different delay on each load, so
// Messages opens both before and after the overview arrives; every load must show the screen, then the
// topics once the overview is in, and no page error.
test('web: 30 fresh loads straight into Messages, never a blank window', async ({ page }) => {
  const url = process.env.STREAMLAB_URL!;
  const admin = new kafkajs.Kafka({ clientId: 'e2e', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'e2e-fresh-loads', numPartitions: 1, replicationFactor: 1 }] });
  await admin.disconnect();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let delayMs = 0;
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    const hold = delayMs;
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => void setTimeout(() => ws.send(m), hold));
  });
  for (let i = 0; i < 30; i++) {
    delayMs = (i % 6) * 120;
    await page.goto(url);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Messages', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Messages', level: 1 }), `load ${i + 1}`).toBeVisible();
    // The overview arrives while Messages is shown: its topics fill the topic picker.
    await expect(page.getByRole('combobox', { name: 'Topic', exact: true }).locator('option:not([disabled])').first(), `load ${i + 1}`).toBeAttached();
    await expect(page.locator('#root > *'), `load ${i + 1}`).not.toHaveCount(0);
    await expect(page.getByRole('alert').filter({ hasText: 'could not be shown' })).toHaveCount(0);
  }
  expect(errors).toEqual([]);
});

/** The HTTP status of a WebSocket upgrade: 101 when it opens; rejects when nothing answers at all. */
function upgradeStatus(address: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(address, { origin });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', reject);
  });
}
