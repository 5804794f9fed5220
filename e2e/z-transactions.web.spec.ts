// Transactions in the window, against the shared `npm run serve`: from the produce form's Transactional tab a
// transaction is committed and another aborted; while the first is open the Transactions screen lists its id
// as Ongoing. The message browser then shows both under read_uncommitted (COMMIT and ABORT markers, the
// aborted records badged) and only the committed records under read_committed; the partition table's LSO
// waits behind the high watermark while a transaction is open.

import { test, expect, type Page } from '@playwright/test';
import kafkajs from 'kafkajs';
import { shot } from './screens.ts';

const TOPIC = 'e2e-txn';
const TXN_ID = 'e2e-learner';

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
}

async function transactionalForm(page: Page) {
  await go(page, 'Produce');
  await page.getByRole('tab', { name: 'Transactional' }).click();
  return page.getByRole('form', { name: 'Produce in a transaction' });
}

async function topicPartitions(page: Page) {
  await go(page, 'Topics');
  await page.getByRole('table', { name: 'Topics' }).getByRole('button', { name: TOPIC, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Topic ${TOPIC}` })).toBeVisible();
  return page.getByRole('table', { name: 'Partitions' });
}

test('web: a committed and an aborted transaction from the produce form, seen in both isolation levels', async ({ page }) => {
  const kafka = new kafkajs.Kafka({ clientId: 'e2e-txn', brokers: process.env.STREAMLAB_BOOTSTRAP!.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
  await admin.disconnect();

  await page.goto(process.env.STREAMLAB_URL!);
  let form = await transactionalForm(page);
  await form.getByLabel('Transactional id').fill(TXN_ID);
  await form.getByLabel('Topic').selectOption(TOPIC);
  await form.getByLabel('Partition').selectOption('0');
  await form.getByLabel('Records').fill('3');
  await form.getByLabel('Value template').fill('{"order": {{seq}}, "outcome": "commit"}');
  await form.getByRole('button', { name: 'Send in a transaction' }).click();
  const outcome = page.getByRole('region', { name: 'Transaction' }).getByRole('status');
  await expect(outcome).toContainText('Open: 3 records sent as e2e-learner');
  await shot(page, 'web', '50-transaction-open');

  // While it is open: the id is Ongoing on the Transactions screen, with its partition.
  await go(page, 'Transactions');
  const table = page.getByRole('table', { name: 'Transactional ids' });
  const row = table.getByRole('row').filter({ hasText: TXN_ID });
  await expect(row).toContainText('Ongoing');
  await expect(row).toContainText(`${TOPIC}-0`);
  await expect(row.getByRole('button', { name: `Abort transaction ${TXN_ID}` })).toBeVisible();
  await shot(page, 'web', '51-transactions-ongoing');

  // The partition table: the LSO waits at the open transaction's first offset, behind the high watermark.
  const partitions = await topicPartitions(page);
  await expect(partitions.getByRole('columnheader', { name: 'LSO' })).toBeVisible();
  await expect(partitions.locator('.lso-behind')).toHaveText('0');

  form = await transactionalForm(page);
  await form.getByRole('button', { name: 'Commit' }).click();
  await expect(outcome).toContainText('Committed: 3 records');

  await form.getByLabel('Records').fill('2');
  await form.getByLabel('Value template').fill('{"order": {{seq}}, "outcome": "abort"}');
  await form.getByRole('button', { name: 'Send in a transaction' }).click();
  await expect(outcome).toContainText('Open: 2 records');
  await form.getByRole('button', { name: 'Abort' }).click();
  await expect(outcome).toContainText('Aborted: 2 records');

  // Both ended: the LSO has caught up with the high watermark.
  const after = await topicPartitions(page);
  await expect(after.locator('.lso-behind')).toHaveCount(0);
  await expect(after.getByRole('row').nth(1)).toContainText('7');

  // read_uncommitted: c c c COMMIT(3) a a ABORT(6); the aborted records carry the badge.
  await go(page, 'Messages');
  await page.getByLabel('Topic', { exact: true }).selectOption(TOPIC);
  const list = page.getByRole('listbox', { name: 'Messages' });
  await expect(list.getByRole('option', { name: /^Offset 3: COMMIT marker/ })).toBeVisible();
  await expect(list.getByRole('option', { name: /^Offset 6: ABORT marker/ })).toBeVisible();
  await expect(list.getByRole('option', { name: 'Offset 4 (aborted transaction)' })).toContainText('aborted');
  await expect(list.getByRole('option', { name: 'Offset 5 (aborted transaction)' })).toContainText('"outcome": "abort"');
  await expect(list.getByRole('option', { name: 'Offset 0', exact: true })).toContainText('"outcome": "commit"');
  await expect(list.locator('.badge-aborted')).toHaveCount(2);
  await expect(page.getByText('last stable offset 7')).toBeVisible();
  await shot(page, 'web', '52-messages-read-uncommitted');

  // read_committed: the committed records only; the markers stay, as control records.
  await page.getByLabel('Isolation level').selectOption('read_committed');
  await expect(list.getByRole('option', { name: /^Offset 4 \(not visible to read_committed/ })).toBeVisible();
  await expect(list.getByRole('option', { name: /^Offset 5 \(not visible to read_committed/ })).toBeVisible();
  await expect(list.locator('.badge-aborted')).toHaveCount(0);
  await expect(list.getByRole('option', { name: 'Offset 2', exact: true })).toContainText('"outcome": "commit"');
  await expect(list.getByRole('option', { name: /^Offset 3: COMMIT marker/ })).toBeVisible();
  await expect(list).not.toContainText('"outcome": "abort"');
  await shot(page, 'web', '53-messages-read-committed');

  // The id, now ended by an abort, is still listed.
  await go(page, 'Transactions');
  await expect(table.getByRole('row').filter({ hasText: TXN_ID })).toContainText('CompleteAbort');
  await expect(row.getByRole('button', { name: `Abort transaction ${TXN_ID}` })).toHaveCount(0);
  await expect(table.getByRole('row').filter({ hasText: TXN_ID }).getByRole('cell').nth(6)).toHaveText('–');
  await shot(page, 'web', '54-transactions');
});
