// One row of a message list (browse or search results): pick box, offset, partition, time, key, value, headers.
// A value the backend decoded through the schema registry shows its decoded JSON behind a "schema" badge.
// A transaction marker (a COMMIT/ABORT control record) takes its offset like a record but is not data: it is a
// band of its own (MarkerRow); a record of an aborted transaction carries an "aborted" badge.

import type { ConsumedRecord, TxnMarkerInfo } from '../../../app/contract.ts';
import { base64ToBytes, bytesToText, preview } from '../../components/format.ts';
import { Timestamp } from '../../format/Timestamp.tsx';
import '../transactions/transactions.css';

export const ROW_HEIGHT = 32;

/** A decoded value for one list row (the JSON the schema decoded, on one line). */
function oneLine(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function headerPreview(r: ConsumedRecord): string {
  return r.headers.map((h) => `${h.key}=${h.value === null ? 'null' : bytesToText(base64ToBytes(h.value)) ?? '<bin>'}`).join(' ');
}

export function MessageListHead() {
  return (
    <div className="list-head msg-cols" aria-hidden="true">
      <span /><span className="num">Offset</span><span className="num">Part.</span><span>Timestamp</span><span>Key</span><span>Value</span><span>Headers</span>
    </div>
  );
}

export interface RowProps {
  offset: number;
  partition: number;
  record: ConsumedRecord | undefined;
  placeholder: string;
  top: number;
  selected: boolean;
  picked: boolean;
  /** The record belongs to a transaction that was aborted (read_uncommitted shows it anyway). */
  aborted?: boolean;
  onSelect: () => void;
  onPick: () => void;
}

export function MarkerRow({ marker: m, partition, top }: { marker: TxnMarkerInfo; partition: number; top: number }) {
  return (
    <div
      role="option"
      aria-selected={false}
      aria-label={`Offset ${m.offset}: ${m.type} marker of producer ${m.producerId}`}
      className={`list-row msg-cols txn-marker txn-marker-${m.type}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
    >
      <span />
      <span className="num">{m.offset}</span>
      <span className="num">{partition}</span>
      <Timestamp className="muted" ms={m.timestamp} />
      <span className="span-rest2">
        <span className="txn-marker-label">{m.type}</span> transaction marker · producer {m.producerId}, epoch {m.producerEpoch}
        {m.type === 'ABORT' ? ' · rolls back the producer\'s records since its last marker' : ' · commits the producer\'s records since its last marker'}
      </span>
    </div>
  );
}

export function MessageRow({ offset, partition, record: r, placeholder, top, selected, picked, aborted, onSelect, onPick }: RowProps) {
  return (
    <div
      role="option"
      aria-selected={selected}
      aria-label={`Offset ${offset}${r ? (aborted ? ' (aborted transaction)' : '') : ` (${placeholder})`}`}
      className={aborted ? 'list-row msg-cols record-aborted' : 'list-row msg-cols'}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => r && onSelect()}
    >
      <span onClick={(e) => e.stopPropagation()}>
        {r && <input type="checkbox" aria-label={`Select partition ${partition} offset ${offset}`} checked={picked} onChange={onPick} />}
      </span>
      <span className="num">{offset}</span>
      <span className="num">{partition}</span>
      {r ? (
        <>
          <Timestamp className="muted" ms={r.timestamp} />
          <span className="cell-key">{r.key === null ? <span className="muted">null</span> : preview(r.key, 40)}</span>
          <span className="cell-value">
            {aborted && <span className="badge badge-aborted" title="Its transaction was aborted: read_committed consumers never see it">aborted</span>}
            {r.value === null && !r.decoded ? (
              <span className="badge badge-offline" title="A record with a null value: it deletes its key when the topic is compacted">tombstone (delete)</span>
            ) : (
              <>
                {r.decoded && (
                  <span className="schema-badge" title={r.decoded.error ?? `${r.decoded.subject ?? 'schema'} v${r.decoded.version ?? '?'} (id ${r.decoded.schemaId})`}>schema</span>
                )}
                {r.decoded?.json !== undefined ? oneLine(r.decoded.json) : preview(r.value)}
              </>
            )}
          </span>
          <span className="muted cell-headers">{headerPreview(r)}</span>
        </>
      ) : (
        <span className="muted span-rest3">{placeholder}</span>
      )}
    </div>
  );
}
