// The local cluster's security mode from Settings, against its own `streamlab serve` (the shared server of
// the other specs stays PLAINTEXT): switch to SASL_PLAINTEXT and restart; the window still reads the cluster
// (topics listed), the Security screen shows the console's admin user, the client settings show; then back.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { shot } from './screens.ts';

const TOPIC = 'e2e-mode-switch';
let child: ChildProcess;
let dataDir: string;
let url: string;

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
}

async function restartOn(page: Page, protocol: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Local cluster security' });
  await form.getByRole('radio', { name: protocol, exact: true }).check();
  await form.getByRole('button', { name: 'Save and restart the cluster' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restart the cluster' }).click();
  await expect(page.getByLabel('Running security')).toContainText(protocol, { timeout: 60_000 });
  await expect(form.getByRole('button', { name: 'Save and restart the cluster' })).toBeEnabled();
}

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-e2e-mode-'));
  child = spawn('npm', ['run', 'serve', '--', '--data-dir', dataDir, '--brokers', '1', '--port', '0', '--ui-port', '0', '--registry-port', '0', '--no-open'], {
    cwd: path.resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let output = '';
  let bootstrap = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 90_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const ui = /Streamlab UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      const boot = /Streamlab cluster running: (\S+)/.exec(output);
      if (ui && boot) {
        clearTimeout(timer);
        [url, bootstrap] = [ui[1], boot[1]];
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  const admin = new kafkajs.Kafka({ brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
});

test.afterAll(async () => {
  if (child?.pid) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGINT');
    } catch {
      // gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('web: Settings switches the local cluster to SASL_PLAINTEXT and back', async ({ page }) => {
  await page.goto(url);
  await expect(page.getByRole('navigation', { name: 'Screens' }).getByRole('status')).toContainText('Connected · PLAINTEXT');
  await go(page, 'Settings');
  const section = page.getByRole('form', { name: 'Local cluster security' });
  await expect(page.getByLabel('Running security')).toContainText('PLAINTEXT');
  await restartOn(page, 'SASL_PLAINTEXT');
  const client = page.getByLabel('Client settings');
  await expect(client).toContainText('security.protocol=SASL_PLAINTEXT');
  await expect(client).toContainText('streamlab-admin');
  await section.scrollIntoViewIfNeeded();
  await shot(page, 'web', '50-security-settings-dark');
  await client.getByLabel('kafkajs snippet').scrollIntoViewIfNeeded();
  await shot(page, 'web', '51-client-settings-dark');
  await page.getByRole('radio', { name: 'Light' }).check();
  await section.scrollIntoViewIfNeeded();
  await shot(page, 'web', '52-security-settings-light');
  await client.getByLabel('kafkajs snippet').scrollIntoViewIfNeeded();
  await shot(page, 'web', '53-client-settings-light');

  // An external connection's TLS material: a CA that is not PEM is refused with the reason, nothing saved.
  const ext = page.getByRole('form', { name: 'External cluster' });
  await ext.getByLabel('Connection name').fill('bad-ca');
  await ext.getByLabel('Bootstrap servers').fill('127.0.0.1:1');
  await ext.getByLabel('Use TLS').check();
  await ext.getByRole('textbox', { name: /^CA certificate/ }).fill('hello');
  await ext.getByLabel('Skip certificate verification').check();
  await expect(ext.getByRole('note')).toContainText('will not be checked');
  await ext.getByRole('button', { name: 'Save connection' }).click();
  await expect(ext).toContainText('The CA certificate is not PEM');
  await expect(page.getByRole('table', { name: 'Connections' })).not.toContainText('bad-ca');
  await ext.scrollIntoViewIfNeeded();
  await shot(page, 'web', '54-connection-tls-light');
  await page.getByRole('radio', { name: 'Dark' }).check();
  await ext.scrollIntoViewIfNeeded();
  await shot(page, 'web', '55-connection-tls-dark');

  await go(page, 'Topics');
  await expect(page.getByRole('table', { name: 'Topics' }).getByRole('button', { name: TOPIC, exact: true })).toBeVisible({ timeout: 30_000 });
  // The sidebar shows the running mode next to the connection state; it links to Settings.
  const status = page.getByRole('navigation', { name: 'Screens' }).getByRole('status');
  await expect(status).toContainText('Connected · SASL_PLAINTEXT');
  await shot(page, 'web', '57-sidebar-security-mode');
  await status.getByRole('button', { name: 'SASL_PLAINTEXT' }).click();
  await expect(page.getByRole('form', { name: 'Local cluster security' })).toBeVisible();
  await go(page, 'Security');
  await expect(page.getByLabel('Listener security')).toContainText('SASL_PLAINTEXT');
  await expect(page.getByRole('table', { name: 'SCRAM users' })).toContainText('streamlab-admin');
  await shot(page, 'web', '56-security-after-switch');

  await go(page, 'Settings');
  await restartOn(page, 'PLAINTEXT');
  await go(page, 'Topics');
  await expect(page.getByRole('table', { name: 'Topics' }).getByRole('button', { name: TOPIC, exact: true })).toBeVisible({ timeout: 30_000 });
});
