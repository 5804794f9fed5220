// The web smoke flow against `npm run serve` (started by global-setup.ts).

import { test, expect } from '@playwright/test';
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
