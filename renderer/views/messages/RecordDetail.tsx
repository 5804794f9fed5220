// The detail pane of one record: key, headers, timestamp and the value as text, pretty JSON or hex.

import { useState } from 'react';
import type { ConsumedRecord } from '../../../app/contract.ts';
import { base64ToBytes, bytesToText, formatTime, hexDump, prettyJson } from '../../components/format.ts';

type View = 'text' | 'json' | 'hex';

export function RecordDetail({ record, onClose }: { record: ConsumedRecord; onClose: () => void }) {
  const bytes = record.value === null ? new Uint8Array() : base64ToBytes(record.value);
  const text = record.value === null ? null : bytesToText(bytes);
  const json = text ? prettyJson(text) : undefined;
  const [view, setView] = useState<View>(json ? 'json' : text !== undefined ? 'text' : 'hex');
  const keyBytes = record.key === null ? null : base64ToBytes(record.key);
  const key = keyBytes === null ? null : bytesToText(keyBytes) ?? `<${keyBytes.length} bytes>`;
  const tabs: { id: View; label: string; enabled: boolean }[] = [
    { id: 'text', label: 'Text', enabled: text !== undefined },
    { id: 'json', label: 'JSON', enabled: json !== undefined },
    { id: 'hex', label: 'Hex', enabled: true },
  ];
  let body: string;
  if (record.value === null) body = 'null (tombstone)';
  else if (view === 'json' && json) body = json;
  else if (view === 'text' && typeof text === 'string') body = text;
  else body = hexDump(bytes);

  return (
    <aside className="detail" aria-label={`Record at offset ${record.offset}`}>
      <header className="detail-header">
        <h2>Offset {record.offset}</h2>
        <button type="button" className="icon" aria-label="Close record" onClick={onClose}>×</button>
      </header>
      <dl className="facts">
        <dt>Partition</dt><dd>{record.partition}</dd>
        <dt>Timestamp</dt><dd>{formatTime(record.timestamp)}</dd>
        <dt>Key</dt><dd><code>{key ?? 'null'}</code></dd>
        <dt>Size</dt><dd>{record.size} bytes</dd>
      </dl>
      {record.headers.length > 0 && (
        <>
          <h3>Headers</h3>
          <dl className="facts">
            {record.headers.map((h, i) => (
              <div key={i} className="fact-pair">
                <dt><code>{h.key}</code></dt>
                <dd><code>{h.value === null ? 'null' : bytesToText(base64ToBytes(h.value)) ?? '<binary>'}</code></dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <div role="tablist" aria-label="Value format" className="tabs">
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={view === t.id} disabled={!t.enabled} onClick={() => setView(t.id)}>{t.label}</button>
        ))}
      </div>
      <pre className={view === 'hex' && record.value !== null ? 'value value-hex' : 'value'} role="tabpanel" aria-label="Value">{body}</pre>
    </aside>
  );
}
