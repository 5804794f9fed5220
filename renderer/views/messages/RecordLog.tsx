// Where a record lives in the log (local cluster): the leader's segment file, the byte position and the
// batch (codec, producer id / epoch / sequence, transactional, the batch's other records), and the segment
// itself — its files, batches, index entries and what retention or compaction does to it next.

import { useState } from 'react';
import type { ConsumedRecord, RecordLocation, SegmentDetail } from '../../../app/contract.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { locateInLog, readSegment } from '../../store/messages.actions.ts';
import { errorOf, type ShownError } from '../../store/errors.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { formatBytes } from '../../components/format.ts';
import { Timestamp } from '../../format/Timestamp.tsx';

const producer = (b: RecordLocation['batch']) => (b.producerId < 0 ? 'none (not idempotent)' : `id ${b.producerId}, epoch ${b.producerEpoch}, first sequence ${b.baseSequence}`);

export function RecordLog({ topic, record }: { topic: string; record: ConsumedRecord }) {
  const { bridge } = useApp();
  const local = useAppState((s) => s.overview?.local ?? true);
  const [at, setAt] = useState<RecordLocation | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [seg, setSeg] = useState<SegmentDetail | null>(null);
  if (!local) return null;
  const find = async () => {
    setError(null);
    try {
      setAt(await locateInLog(bridge, topic, record.partition, record.offset));
    } catch (e) {
      setError(errorOf(e));
    }
  };
  const open = async () => {
    if (!at) return;
    try {
      setSeg(await readSegment(bridge, topic, record.partition, at.baseOffset));
    } catch (e) {
      setError(errorOf(e));
    }
  };
  return (
    <section className="record-log" aria-label="Where it lives in the log">
      {!at ? <button type="button" onClick={() => void find()}>Where it lives in the log</button> : (
        <>
          <h3>In the log</h3>
          <dl className="facts">
            <dt>Segment</dt><dd><button type="button" className="link" onClick={() => void open()}><code>{at.segment}</code></button> on broker {at.broker} (the leader)</dd>
            <dt>Batch</dt><dd>offsets {at.batch.baseOffset}–{at.batch.lastOffset} at byte {at.batch.position.toLocaleString('en-US')}, {formatBytes(at.batch.sizeBytes)}</dd>
            <dt>Codec</dt><dd>{at.batch.codec}</dd>
            <dt>Producer</dt><dd>{producer(at.batch)}{at.batch.transactional ? ' · transactional' : ''}</dd>
            <dt>Leader epoch</dt><dd>{at.batch.partitionLeaderEpoch}</dd>
          </dl>
          <p className="muted">The batch&apos;s records: {at.records.map((r) => (r.offset === record.offset ? `[${r.offset}]` : String(r.offset))).join(', ')}</p>
        </>
      )}
      <InlineError error={error} />
      <Dialog title={`Segment ${seg?.baseOffset ?? ''} of ${topic}-${record.partition}`} open={seg !== null} onClose={() => setSeg(null)} wide>
        {seg && <SegmentView seg={seg} />}
      </Dialog>
    </section>
  );
}

function SegmentView({ seg }: { seg: SegmentDetail }) {
  return (
    <div className="dialog-body segment-view">
      <p>Broker {seg.broker} · offsets {seg.baseOffset}–{Math.max(seg.baseOffset, seg.nextOffset - 1)} · {seg.active ? 'active segment' : 'closed segment'}</p>
      <h3>What happens next</h3>
      <ul aria-label="What happens next">{seg.next.map((n) => <li key={n}>{n}</li>)}</ul>
      <h3>Files</h3>
      <table className="plain" aria-label="Segment files"><tbody>{seg.files.map((f) => <tr key={f.name}><td><code>{f.name}</code></td><td className="num">{formatBytes(f.sizeBytes)}</td></tr>)}</tbody></table>
      <h3>Batches ({seg.batches.length})</h3>
      <table className="plain" aria-label="Segment batches">
        <thead><tr><th>Position</th><th>Offsets</th><th>Records</th><th>Codec</th><th>Producer</th><th>Max timestamp</th></tr></thead>
        <tbody>{seg.batches.slice(0, 100).map((b) => (
          <tr key={b.position}><td className="num">{b.position}</td><td>{b.baseOffset}–{b.lastOffset}</td><td className="num">{b.recordCount}</td><td>{b.control ? 'control' : b.codec}</td>
            <td>{b.producerId < 0 ? '–' : `${b.producerId}/${b.producerEpoch}/${b.baseSequence}`}</td><td><Timestamp ms={b.maxTimestamp} /></td></tr>
        ))}</tbody>
      </table>
      <h3>Offset index ({seg.offsetIndex.length} entries, one per 4 KiB of log)</h3>
      {seg.offsetIndex.length === 0 ? <p className="muted">No entry yet: the segment holds less than index.interval.bytes.</p> : (
        <table className="plain" aria-label="Offset index"><tbody>{seg.offsetIndex.slice(0, 50).map((e) => <tr key={e.offset}><td>offset {e.offset}</td><td>byte {e.position}</td></tr>)}</tbody></table>
      )}
      <h3>Time index ({seg.timeIndex.length} entries)</h3>
      {seg.timeIndex.length > 0 && (
        <table className="plain" aria-label="Time index"><tbody>{seg.timeIndex.slice(0, 50).map((e) => <tr key={`${e.timestamp}-${e.offset}`}><td><Timestamp ms={e.timestamp} /></td><td>offset {e.offset}</td></tr>)}</tbody></table>
      )}
    </div>
  );
}
