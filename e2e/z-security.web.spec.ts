// The Security screen against its own `streamlab serve --security sasl_ssl` (the shared server of the other
// specs is PLAINTEXT): mode, mechanisms and CA shown; a SCRAM user added; an ACL granting her READ on a topic;
// the topic's page then says who may read it; and the new user really logs in (kafkajs, SCRAM over TLS).

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { shot } from './screens.ts';

const TOPIC = 'e2e-secured';
let child: ChildProcess;
let dataDir: string;
let url: string;
let bootstrap: string;
let caFile: string;

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
}

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-e2e-sec-'));
  child = spawn('npm', ['run', 'serve', '--', '--data-dir', dataDir, '--brokers', '1', '--port', '0', '--ui-port', '0', '--registry-port', '0', '--no-open', '--security', 'sasl_ssl'], {
    cwd: path.resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 90_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const ui = /Streamlab UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      const boot = /Streamlab cluster running: (\S+)/.exec(output);
      const ca = /ssl\.ca\.location\): (\S+)/.exec(output);
      if (ui && boot && ca) {
        clearTimeout(timer);
        [url, bootstrap, caFile] = [ui[1], boot[1], ca[1]];
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  const kafka = new kafkajs.Kafka({ brokers: bootstrap.split(','), ssl: { ca: [fs.readFileSync(caFile, 'utf8')] }, sasl: { mechanism: 'plain', username: 'admin', password: 'admin-secret' }, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
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

test('web: the Security screen of a SASL_SSL cluster, users, ACLs, and the topic page\'s access', async ({ page }) => {
  await page.goto(url);
  await go(page, 'Security');
  await expect(page.getByRole('heading', { name: 'Security', level: 1 })).toBeVisible();
  const facts = page.getByLabel('Listener security');
  await expect(facts).toContainText('SASL_SSL');
  await expect(facts).toContainText('SCRAM-SHA-512');
  await expect(facts).toContainText(caFile);
  await expect(page.getByRole('table', { name: 'SCRAM users' })).toContainText('admin');

  const userForm = page.getByRole('form', { name: 'Add a SCRAM user' });
  await userForm.getByLabel('User name').fill('alice');
  await userForm.getByLabel('Password').fill('alice-secret');
  await userForm.getByRole('button', { name: 'Save user' }).click();
  await expect(page.getByRole('table', { name: 'SCRAM users' })).toContainText('alice');

  const aclForm = page.getByRole('form', { name: 'Add an ACL' });
  await aclForm.getByLabel('Principal').fill('User:alice');
  await aclForm.getByLabel('Operation').selectOption('READ');
  await aclForm.getByLabel('Resource name').fill(TOPIC);
  await aclForm.getByRole('button', { name: 'Add ACL' }).click();
  const acls = page.getByRole('table', { name: 'ACLs' });
  await expect(acls).toContainText('User:alice');
  await expect(acls).toContainText(`TOPIC ${TOPIC}`);
  await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
  await shot(page, 'web', '40-security');

  await go(page, 'Topics');
  await page.getByRole('table', { name: 'Topics' }).getByRole('button', { name: TOPIC, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Topic ${TOPIC}` })).toBeVisible();
  const access = page.getByLabel('Topic access');
  await expect(access).toContainText('May read: User:alice');
  await expect(access).toContainText('May write: super users only');
  await access.scrollIntoViewIfNeeded();
  await shot(page, 'web', '41-topic-access');

  // The user made on the screen logs in for real.
  const alice = new kafkajs.Kafka({ brokers: bootstrap.split(','), ssl: { ca: [fs.readFileSync(caFile, 'utf8')] }, sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' }, logLevel: kafkajs.logLevel.NOTHING });
  const a = alice.admin();
  await a.connect();
  expect(await a.listTopics()).toEqual([TOPIC]);
  await a.disconnect();
});
