// Export records as JSON lines or CSV, and import such a file into a topic.
//
// JSON lines: one object per line
//   {"partition":0,"offset":5,"timestamp":1700000000000,"key":"k","value":"{\"a\":1}","headers":[{"key":"h","value":"v"}]}
// Keys and values that are not UTF-8 text are written as "keyBase64"/"valueBase64" instead of "key"/"value";
// null is a null key / tombstone. On import, "value" may also be any JSON value (written as its JSON text),
// and partition, offset and timestamp are optional.
//
// CSV (RFC 4180, a header row): partition,offset,timestamp,key,value,key_base64,value_base64,headers where
// headers is the JSON array above; an empty key/value cell (and empty *_base64 cell) is null.
//
// Import validates the whole file first: any bad line is reported with its number and nothing is written.

import { isUtf8 } from 'node:buffer';
import type { ConsumedRecord, ExportFormat, ExportRequest, Header, ImportRequest, ImportResult, ImportedRecord } from '../../contract.ts';
import type { KafkaConnection } from '../kafka/connection.ts';
import { ConsoleError } from '../service/errors.ts';

const CSV_COLUMNS = ['partition', 'offset', 'timestamp', 'key', 'value', 'key_base64', 'value_base64', 'headers'] as const;
const MAX_ERRORS = 50;
const BATCH = 500;

function textOrBase64(b64: string | null): { text: string | null; base64?: string } {
  if (b64 === null) return { text: null };
  const buf = Buffer.from(b64, 'base64');
  return isUtf8(buf) ? { text: buf.toString('utf8') } : { text: null, base64: b64 };
}

function headersOut(r: ConsumedRecord): Header[] {
  return r.headers.map((h) => ({ key: h.key, value: h.value === null ? '' : Buffer.from(h.value, 'base64').toString('utf8') }));
}

export function toJsonLine(r: ConsumedRecord): string {
  const k = textOrBase64(r.key);
  const v = textOrBase64(r.value);
  return JSON.stringify({
    partition: r.partition, offset: r.offset, timestamp: r.timestamp,
    ...(k.base64 !== undefined ? { keyBase64: k.base64 } : { key: k.text }),
    ...(v.base64 !== undefined ? { valueBase64: v.base64 } : { value: v.text }),
    headers: headersOut(r),
  });
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsvRow(r: ConsumedRecord): string {
  const k = textOrBase64(r.key);
  const v = textOrBase64(r.value);
  return [String(r.partition), String(r.offset), String(r.timestamp), k.text ?? '', v.text ?? '', k.base64 ?? '', v.base64 ?? '', JSON.stringify(headersOut(r))]
    .map(csvCell).join(',');
}

export function exportRecords(req: ExportRequest): { fileName: string; mimeType: string; content: string } {
  if (req?.format !== 'jsonl' && req?.format !== 'csv') throw new ConsoleError('INVALID_REQUEST', "Export as 'jsonl' or 'csv'.");
  if (!Array.isArray(req.records)) throw new ConsoleError('INVALID_REQUEST', 'Nothing to export.');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = `${(req.topic || 'messages').replace(/[^\w.-]/g, '_')}-${stamp}`;
  if (req.format === 'jsonl') {
    return { fileName: `${base}.jsonl`, mimeType: 'application/x-ndjson', content: req.records.map(toJsonLine).join('\n') + (req.records.length ? '\n' : '') };
  }
  return { fileName: `${base}.csv`, mimeType: 'text/csv', content: [CSV_COLUMNS.join(','), ...req.records.map(toCsvRow)].join('\r\n') + '\r\n' };
}

/** RFC 4180 rows with the line each starts on; quoted cells may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      i++;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += c;
    i++;
  }
  if (quoted) throw new ConsoleError('INVALID_REQUEST', `Line ${rowLine}: a quoted cell is never closed.`);
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

function optInt(v: unknown, what: string): number | null {
  if (v === undefined || v === null || v === '') return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number from 0, got ${JSON.stringify(v)}`);
  return n;
}

function bytesField(text: unknown, base64: unknown, what: string): string | null {
  if (base64 !== undefined && base64 !== null && base64 !== '') {
    if (typeof base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new Error(`${what}Base64 is not base64`);
    return base64;
  }
  if (text === undefined || text === null) return null;
  return Buffer.from(typeof text === 'string' ? text : JSON.stringify(text), 'utf8').toString('base64');
}

function headersIn(v: unknown): Header[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) {
    return v.map((h, i) => {
      if (!h || typeof h !== 'object' || typeof (h as Header).key !== 'string') throw new Error(`header ${i + 1} needs a "key"`);
      const value = (h as { value?: unknown }).value;
      return { key: (h as Header).key, value: value === null || value === undefined ? '' : String(value) };
    });
  }
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([key, value]) => ({ key, value: String(value ?? '') }));
  throw new Error('headers must be an array of {"key","value"} or an object');
}

function fromObject(o: unknown): ImportedRecord {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('expected a JSON object');
  const r = o as Record<string, unknown>;
  if (!('value' in r) && !('valueBase64' in r)) throw new Error('needs a "value" (null for a tombstone)');
  return {
    partition: optInt(r.partition, 'partition'),
    timestamp: optInt(r.timestamp, 'timestamp'),
    key: bytesField(r.key, r.keyBase64, 'key'),
    value: bytesField(r.value, r.valueBase64, 'value'),
    headers: headersIn(r.headers),
  };
}

export function parseImport(format: ExportFormat, content: string): { records: ImportedRecord[]; lines: number[]; errors: { line: number; message: string }[] } {
  const records: ImportedRecord[] = [];
  const lines: number[] = [];
  const errors: { line: number; message: string }[] = [];
  if (typeof content !== 'string' || content.trim() === '') return { records, lines, errors: [{ line: 1, message: 'The file is empty.' }] };
  if (format === 'jsonl') {
    content.split(/\r?\n/).forEach((text, i) => {
      if (text.trim() === '' || errors.length >= MAX_ERRORS) return;
      try {
        records.push(fromObject(JSON.parse(text)));
        lines.push(i + 1);
      } catch (e) {
        errors.push({ line: i + 1, message: e instanceof SyntaxError ? `not valid JSON (${e.message})` : (e as Error).message });
      }
    });
    return { records, lines, errors };
  }
  if (format !== 'csv') throw new ConsoleError('INVALID_REQUEST', "Import 'jsonl' or 'csv'.");
  let rows: { line: number; cells: string[] }[];
  try {
    rows = parseCsv(content);
  } catch (e) {
    return { records, lines, errors: [{ line: 1, message: (e as Error).message }] };
  }
  const head = rows.shift();
  const cols = head?.cells.map((c) => c.trim()) ?? [];
  if (!cols.includes('value') && !cols.includes('value_base64')) {
    return { records, lines, errors: [{ line: head?.line ?? 1, message: `the header row must name a "value" column (columns: ${CSV_COLUMNS.join(',')})` }] };
  }
  for (const row of rows) {
    if (errors.length >= MAX_ERRORS) break;
    try {
      if (row.cells.length !== cols.length) throw new Error(`has ${row.cells.length} cells, the header has ${cols.length}`);
      const o: Record<string, string> = {};
      cols.forEach((c, i) => (o[c] = row.cells[i]));
      records.push({
        partition: optInt(o.partition, 'partition'),
        timestamp: optInt(o.timestamp, 'timestamp'),
        key: bytesField(o.key === '' ? null : o.key, o.key_base64, 'key'),
        value: bytesField(o.value === '' ? null : o.value, o.value_base64, 'value'),
        headers: o.headers ? headersIn(JSON.parse(o.headers)) : [],
      });
      lines.push(row.line);
    } catch (e) {
      errors.push({ line: row.line, message: e instanceof SyntaxError ? `headers are not valid JSON (${e.message})` : (e as Error).message });
    }
  }
  return { records, lines, errors };
}

export async function importRecords(conn: KafkaConnection, req: ImportRequest, partitions?: number): Promise<ImportResult> {
  if (typeof req?.topic !== 'string' || req.topic === '') throw new ConsoleError('INVALID_REQUEST', 'Choose a topic to import into.');
  const { records, lines, errors } = parseImport(req.format, req.content);
  if (req.keepPartitions && partitions !== undefined) {
    records.forEach((r, i) => {
      if (r.partition !== null && r.partition >= partitions && errors.length < MAX_ERRORS) errors.push({ line: lines[i], message: `partition ${r.partition} does not exist (the topic has ${partitions})` });
    });
    errors.sort((a, b) => a.line - b.line);
  }
  const result: ImportResult = { count: records.length, preview: records.slice(0, 20), errors, written: 0 };
  if (req.dryRun || errors.length > 0) return result;
  for (let i = 0; i < records.length; i += BATCH) {
    await conn.producer.send({
      messages: records.slice(i, i + BATCH).map((r) => ({
        topic: req.topic,
        ...(req.keepPartitions && r.partition !== null ? { partition: r.partition } : {}),
        ...(r.key !== null ? { key: Buffer.from(r.key, 'base64') } : {}),
        ...(r.value !== null ? { value: Buffer.from(r.value, 'base64') } : {}),
        ...(r.timestamp !== null ? { timestamp: BigInt(r.timestamp) } : {}),
        headers: new Map(r.headers.map((h) => [Buffer.from(h.key), Buffer.from(h.value)])),
      })),
    });
    result.written = Math.min(records.length, i + BATCH);
  }
  return result;
}
