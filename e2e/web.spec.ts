// The web smoke flow against `npm run serve` (started by global-setup.ts).

import { test, expect } from '@playwright/test';
import { smokeFlow } from './screens.ts';

test('web: topics, produce, messages, groups, broker kill and restart', async ({ page }) => {
  const url = process.env.STREAMLAB_URL;
  expect(url, 'global setup starts npm run serve').toBeTruthy();
  await page.goto(url!);
  await smokeFlow(page, 'web', process.env.STREAMLAB_BOOTSTRAP!);
});

test('web: the socket refuses a wrong token', async ({ page }) => {
  const url = new URL(process.env.STREAMLAB_URL!);
  url.searchParams.set('token', 'wrong');
  await page.goto(url.href);
  await expect(page.getByRole('status')).toHaveText('Reconnecting…');
});
