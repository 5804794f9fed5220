// The Transactions screen and the message list's transaction rows, rendered to static markup: a hanging
// transaction is flagged (badge and banner) and offers Abort, a completed one does not; a marker is a band
// of its own and an aborted record carries its badge.

import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { TransactionDetail } from '../../../app/contract.ts';
import { AppContext } from '../../store/context.ts';
import { fakeBridge } from '../../store/fake-bridge.ts';
import { createAppStore } from '../../store/store.ts';
import { loadTransactions } from '../../store/transactions.actions.ts';
import { rec } from '../../store/fixtures.ts';
import { MarkerRow, MessageRow } from '../messages/MessageRow.tsx';
import { TransactionsView } from './TransactionsView.tsx';

const detail = (transactionalId: string, over: Partial<TransactionDetail>): TransactionDetail => ({
  transactionalId, state: 'Ongoing', producerId: 4, producerEpoch: 1, timeoutMs: 60_000, startTimestamp: 1, hanging: false,
  partitions: [{ topic: 'orders', partition: 2 }], coordinator: 1, ...over,
});

/** The screen as the store holds it after reading these ids (their coordinator describes each). */
async function render(list: (TransactionDetail & { coordinator: number })[]) {
  const store = createAppStore();
  const { bridge } = fakeBridge({
    'transactions.list': () => list.map((t) => ({ transactionalId: t.transactionalId, producerId: t.producerId, state: t.state, coordinator: t.coordinator })),
    'transactions.describe': (r) => list.find((t) => t.transactionalId === r.transactionalId)!,
  });
  await loadTransactions(store, bridge);
  // Rendered on the server, a store reads its initial state: make that the state just read.
  Object.assign(store, { getInitialState: store.getState });
  return renderToStaticMarkup(<AppContext.Provider value={{ store, bridge }}><TransactionsView /></AppContext.Provider>);
}

const rowOf = (html: string, id: string) => [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((m) => m[1]).find((r) => r.includes(id))!;

describe('TransactionsView', () => {
  it('flags a hanging transaction and offers its Abort; a completed one has neither', async () => {
    const html = await render([
      detail('stuck', { hanging: true }),
      detail('done', { state: 'CompleteCommit', producerId: 5, partitions: [], coordinator: 2 }),
    ]);
    expect(html).toContain('1 hanging transaction');
    const stuck = rowOf(html, 'stuck');
    expect(stuck).toContain('hanging');
    expect(stuck).toContain('orders-2');
    expect(stuck).toContain('aria-label="Abort transaction stuck"');
    const done = rowOf(html, 'done');
    expect(done).not.toContain('hanging');
    expect(done).not.toContain('Abort transaction');
  });

  it('says what to do when there are no transactional ids, and no banner', async () => {
    const html = await render([]);
    expect(html).toContain('No transactional ids yet');
    expect(html).not.toContain('hanging transaction');
  });
});

describe('transaction rows in the message list', () => {
  it('a marker is a band naming its type and producer, not a record', () => {
    const html = renderToStaticMarkup(<MarkerRow marker={{ offset: 7, type: 'ABORT', producerId: 3, producerEpoch: 2, timestamp: 0 }} partition={0} top={0} />);
    expect(html).toContain('txn-marker-ABORT');
    expect(html).toContain('aria-label="Offset 7: ABORT marker of producer 3"');
    expect(html).not.toContain('checkbox');
  });

  it('an aborted record carries the badge; a committed one does not', () => {
    const row = (aborted: boolean) => renderToStaticMarkup(
      <MessageRow offset={4} partition={0} record={rec(4)} placeholder="" top={0} selected={false} picked={false} aborted={aborted} onSelect={() => undefined} onPick={() => undefined} />,
    );
    expect(row(true)).toContain('badge-aborted');
    expect(row(true)).toContain('aria-label="Offset 4 (aborted transaction)"');
    expect(row(false)).not.toContain('badge-aborted');
  });
});
