// The detail pane of one record: key, headers, timestamp and the value as text, pretty JSON, hex, base64,
// MessagePack, Avro (with a schema the user pastes) or Protobuf (schemaless: field numbers and wire types; or, with a
// pasted .proto schema and a message type, decoded by the backend's protobufjs, which the renderer's CSP forbids).
// Values in Confluent's wire format arrive decoded through the schema registry: subject, version and the
// decoded JSON are shown first.

import { useState } from 'react';
import type { ConsumedRecord, ContractError } from '../../../app/contract.ts';
import { useApp } from '../../store/context.ts';
import { decodeWithProtoSchema } from '../../store/messages.actions.ts';
import { errorOf } from '../../store/errors.ts';
import { base64ToBytes, bytesToText, hexDump, prettyJson } from '../../components/format.ts';
import { Timestamp } from '../../format/Timestamp.tsx';
import { RecordLinks } from './RecordLinks.tsx';
import { RecordLog } from './RecordLog.tsx';
import { decodeAvro, decodeMessagePack, decodeProtobuf, parseAvroSchema, toJson } from '../../components/decoders.ts';

type View = 'schema' | 'text' | 'json' | 'hex' | 'base64' | 'msgpack' | 'avro' | 'protobuf';

function attempt(f: () => unknown): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: toJson(f()) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export function RecordDetail({ record, onClose, picked, onPick, topic }: { record: ConsumedRecord; onClose: () => void; picked?: boolean; onPick?: () => void; topic?: string }) {
  const bytes = record.value === null ? new Uint8Array() : base64ToBytes(record.value);
  const text = record.value === null ? null : bytesToText(bytes);
  const json = text ? prettyJson(text) : undefined;
  const decodedJson = record.decoded?.json !== undefined ? prettyJson(record.decoded.json) ?? record.decoded.json : undefined;
  const [view, setView] = useState<View>(decodedJson !== undefined ? 'schema' : json ? 'json' : text !== undefined ? 'text' : 'hex');
  const [schema, setSchema] = useState('');
  const [confluent, setConfluent] = useState(false);
  const { bridge } = useApp();
  const [proto, setProto] = useState('');
  const [protoType, setProtoType] = useState('');
  // The last schema decode, with the inputs it was made from: shown only while they are still the inputs.
  const [protoResult, setProtoResult] = useState<{ schema: string; type: string; text?: string; error?: ContractError } | null>(null);
  const [protoBusy, setProtoBusy] = useState(false);
  const withSchema = proto.trim() !== '';
  const protoShown = protoResult && protoResult.schema === proto && protoResult.type === protoType ? protoResult : null;
  const decodeWithSchema = async () => {
    if (record.value === null) return;
    const inputs = { schema: proto, type: protoType };
    setProtoBusy(true);
    try {
      const value = await decodeWithProtoSchema(bridge, { schema: proto, messageType: protoType, valueBase64: record.value });
      setProtoResult({ ...inputs, text: toJson(value) });
    } catch (e) {
      setProtoResult({ ...inputs, error: errorOf(e) });
    } finally {
      setProtoBusy(false);
    }
  };
  const keyBytes = record.key === null ? null : base64ToBytes(record.key);
  const key = keyBytes === null ? null : bytesToText(keyBytes) ?? `<${keyBytes.length} bytes>`;
  const tabs: { id: View; label: string; enabled: boolean }[] = [
    ...(record.decoded ? [{ id: 'schema' as const, label: 'Decoded', enabled: decodedJson !== undefined }] : []),
    { id: 'text', label: 'Text', enabled: text !== undefined },
    { id: 'json', label: 'JSON', enabled: json !== undefined },
    { id: 'hex', label: 'Hex', enabled: true },
    { id: 'base64', label: 'Base64', enabled: true },
    { id: 'msgpack', label: 'MessagePack', enabled: true },
    { id: 'avro', label: 'Avro', enabled: true },
    { id: 'protobuf', label: 'Protobuf', enabled: true },
  ];
  let body: string;
  let problem: string | undefined;
  const decoded = (r: ReturnType<typeof attempt>) => {
    if (r.ok) return r.text;
    problem = r.error;
    return '';
  };
  if (record.value === null) body = 'null (tombstone)';
  else if (view === 'schema' && decodedJson !== undefined) body = decodedJson;
  else if (view === 'json' && json) body = json;
  else if (view === 'text' && typeof text === 'string') body = text;
  else if (view === 'base64') body = record.value;
  else if (view === 'msgpack') body = decoded(attempt(() => decodeMessagePack(bytes)));
  else if (view === 'protobuf' && withSchema) body = protoShown?.text ?? '';
  else if (view === 'protobuf') body = decoded(attempt(() => decodeProtobuf(bytes)));
  else if (view === 'avro') body = schema.trim() === '' ? '' : decoded(attempt(() => decodeAvro(bytes, parseAvroSchema(schema), { confluentHeader: confluent })));
  else body = hexDump(bytes);

  return (
    <aside className="detail" aria-label={`Record at offset ${record.offset}`}>
      <header className="detail-header">
        <h2>Offset {record.offset}</h2>
        <button type="button" className="icon" aria-label="Close record" onClick={onClose}>×</button>
      </header>
      <dl className="facts">
        <dt>Partition</dt><dd>{record.partition}</dd>
        <dt>Timestamp</dt><dd><Timestamp ms={record.timestamp} both /></dd>
        <dt>Key</dt><dd><code>{key ?? 'null'}</code></dd>
        {record.value === null && <><dt>Value</dt><dd><span className="badge badge-offline">tombstone: a delete of this key</span></dd></>}
        <dt>Size</dt><dd>{record.size} bytes</dd>
        {record.decoded && (
          <>
            <dt>Schema</dt>
            <dd aria-label="Schema">
              {record.decoded.subject ? <>{record.decoded.subject} <span className="muted">version</span> {record.decoded.version}</> : 'unregistered'}
              <span className="muted"> · {record.decoded.schemaType ?? 'unknown type'} · id {record.decoded.schemaId}</span>
            </dd>
          </>
        )}
      </dl>
      {record.decoded?.error && <div className="inline-error" role="alert"><code className="error-name">CANNOT_DECODE</code> {record.decoded.error}</div>}
      {topic && <RecordLinks topic={topic} record={record} />}
      {topic && <RecordLog topic={topic} record={record} />}
      {onPick && (
        <label className="inline pick-detail"><input type="checkbox" checked={!!picked} onChange={onPick} /> Selected for export or replay</label>
      )}
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
      <div role="tablist" aria-label="Value format" className="tabs tabs-wrap">
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={view === t.id} disabled={!t.enabled} onClick={() => setView(t.id)}>{t.label}</button>
        ))}
      </div>
      {view === 'avro' && (
        <div className="decoder-options">
          <label className="field-label" htmlFor={`avro-${record.offset}`}>Avro schema (JSON)</label>
          <textarea id={`avro-${record.offset}`} rows={5} spellCheck={false} value={schema} onChange={(e) => setSchema(e.target.value)}
            placeholder='{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}' />
          <label className="inline"><input type="checkbox" checked={confluent} onChange={(e) => setConfluent(e.target.checked)} /> Skip Confluent header (magic byte + schema id)</label>
          {schema.trim() === '' && <p className="muted">Paste the writer's schema to decode the value.</p>}
        </div>
      )}
      {view === 'protobuf' && (
        <form className="decoder-options" aria-label="Protobuf schema" onSubmit={(e) => { e.preventDefault(); void decodeWithSchema(); }}>
          <label className="field-label" htmlFor={`proto-${record.offset}`}>.proto schema (optional)</label>
          <textarea id={`proto-${record.offset}`} rows={5} spellCheck={false} value={proto} onChange={(e) => setProto(e.target.value)}
            placeholder={'syntax = "proto3";\npackage shop;\nmessage Order { int64 id = 1; string status = 2; }'} />
          {withSchema && (
            <>
              <label className="field-label" htmlFor={`proto-type-${record.offset}`}>Message type (fully qualified)</label>
              <input id={`proto-type-${record.offset}`} type="text" spellCheck={false} value={protoType} onChange={(e) => setProtoType(e.target.value)} placeholder="shop.Order" />
              <div><button type="submit" disabled={protoBusy || protoType.trim() === '' || record.value === null}>{protoBusy ? 'Decoding…' : 'Decode with schema'}</button></div>
            </>
          )}
          {!withSchema && <p className="muted">Without a .proto schema: field numbers and wire types; nested messages where the bytes parse as one.</p>}
          {withSchema && !protoShown && record.value !== null && <p className="muted">Give the message type and decode: 64-bit integers and enums as strings, bytes as base64.</p>}
        </form>
      )}
      {view === 'protobuf' && withSchema && protoShown?.error && <div className="inline-error" role="alert"><code className="error-name">{protoShown.error.name}</code> {protoShown.error.message}</div>}
      {problem && <div className="inline-error" role="alert"><code className="error-name">CANNOT_DECODE</code> Cannot decode as {tabs.find((t) => t.id === view)?.label}: {problem}</div>}
      {!problem && (view !== 'avro' || schema.trim() !== '' || record.value === null) && (view !== 'protobuf' || !withSchema || protoShown?.text !== undefined || record.value === null) && <pre className={view === 'hex' && record.value !== null ? 'value value-hex' : 'value'} role="tabpanel" aria-label="Value">{body}</pre>}
    </aside>
  );
}
