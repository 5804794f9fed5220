// ListTransactions' filters, as Kafka's TransactionStateManager.listTransactionStates applies them:
// by state name (names Kafka does not know are reported back, and an all-unknown filter matches
// nothing), by producer id, by how long the transaction has been running (KIP-994: the query that
// finds hanging transactions), and by a regular expression the whole id must match (KIP-1152).

import type { ErrorName } from '../../protocol/error-codes.ts';
import type { TransactionMetadata } from './transaction-metadata.ts';
import { isTxnState, type TxnState } from './transaction-state.ts';

export interface TransactionListing {
  transactionalId: string;
  producerId: number;
  state: TxnState;
}

export interface ListTransactionsFilter {
  states?: readonly string[];
  producerIds?: readonly number[];
  /** Only transactions running at least this long (ms); -1: no filter. */
  durationMs?: number;
  /** Only ids matching this regular expression as a whole (ListTransactions v2); null or '': no filter. */
  transactionalIdPattern?: string | null;
}

export interface TransactionList {
  error: ErrorName;
  unknownStateFilters: string[];
  /** In transactional id order. */
  transactions: TransactionListing[];
}

export function listTransactions(all: Iterable<TransactionMetadata>, filter: ListTransactionsFilter, now: number): TransactionList {
  let pattern: RegExp | undefined;
  if (filter.transactionalIdPattern) {
    try {
      pattern = new RegExp(`^(?:${filter.transactionalIdPattern})$`, 'u');
    } catch {
      return { error: 'INVALID_REQUEST', unknownStateFilters: [], transactions: [] };
    }
  }
  const states = filter.states ?? [];
  const unknownStateFilters = states.filter((s) => !isTxnState(s));
  const stateSet = new Set(states.filter(isTxnState));
  const pids = new Set(filter.producerIds ?? []);
  const duration = filter.durationMs ?? -1;
  const transactions: TransactionListing[] = [];
  if (states.length > 0 && stateSet.size === 0) return { error: 'NONE', unknownStateFilters, transactions };
  for (const m of all) {
    if (m.state === 'Dead') continue;
    if (stateSet.size > 0 && !stateSet.has(m.state)) continue;
    if (pids.size > 0 && !pids.has(m.producerId)) continue;
    if (duration >= 0 && (m.state === 'Empty' || m.startTimestamp < 0 || m.startTimestamp > now - duration)) continue;
    if (pattern && !pattern.test(m.transactionalId)) continue;
    transactions.push({ transactionalId: m.transactionalId, producerId: m.producerId, state: m.state });
  }
  transactions.sort((a, b) => (a.transactionalId < b.transactionalId ? -1 : 1));
  return { error: 'NONE', unknownStateFilters, transactions };
}
