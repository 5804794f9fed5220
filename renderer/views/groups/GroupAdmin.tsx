// The group detail's admin pieces: lag over time (records and seconds), reset offsets with a dry-run
// preview (Kafka applies it only while the group is empty; its refusal is shown in the dialog), and delete.

import { useEffect, useMemo, useState } from 'react';
import type { GroupDetail, LagPoint, OffsetResetMode, OffsetResetRow } from '../../../app/contract.ts';
import { deleteGroup, resetOffsets } from '../../store/groups.actions.ts';
import { useApp } from '../../store/context.ts';
import { ConfirmDialog, Dialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { Table, columnsFor } from '../../components/Table.tsx';
import { TimeChart, WindowPicker, useSeries } from '../../components/charts.tsx';
import { formatNumber } from '../../components/format.ts';
import { errorOf, type ShownError } from '../../store/errors.ts';


export function formatSeconds(s: number | null): string {
  if (s === null) return '–';
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 120) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${Math.round(s / 86400)} days`;
}

export function GroupLag({ groupId }: { groupId: string }) {
  const [windowMs, setWindowMs] = useState(5 * 60_000);
  const series = useSeries('metrics.group', { groupId }, windowMs);
  const last: LagPoint | undefined = series?.at(-1);
  return (
    <>
      <div className="section-head">
        <h3>Lag over time</h3>
        <WindowPicker label="Lag time window" value={windowMs} onChange={setWindowMs} />
      </div>
      <div className="stats">
        <div className={`stat ${last && last.lagSeconds !== null && last.lagSeconds > 0 ? 'stat-under-replicated' : 'stat-healthy'}`} aria-label={`Lag in time: ${formatSeconds(last?.lagSeconds ?? null)}`}>
          <div className="stat-value">{formatSeconds(last?.lagSeconds ?? null)}</div>
          <div className="stat-label">Lag in time (oldest unconsumed record)</div>
        </div>
      </div>
      <div className="charts">
        <TimeChart label="Lag (records)" points={series} value={(p) => p.lag} format={(n) => formatNumber(Math.round(n))} windowMs={windowMs} color="var(--warning)" kind="line" empty="No lag recorded yet: the console samples every second while it runs." />
        <TimeChart label="Lag (seconds)" points={series} value={(p) => p.lagSeconds ?? 0} format={(n) => formatSeconds(n)} axisFormat={(n) => formatSeconds(n)} windowMs={windowMs} color="var(--warning)" kind="line" empty="No lag recorded yet." />
      </div>
    </>
  );
}

const rcol = columnsFor<OffsetResetRow>();
const MODES: { mode: OffsetResetMode; label: string }[] = [
  { mode: 'earliest', label: 'Earliest' },
  { mode: 'latest', label: 'Latest' },
  { mode: 'timestamp', label: 'Timestamp' },
  { mode: 'offset', label: 'Specific offset' },
  { mode: 'shift', label: 'Shift by' },
];

/** Local date-time input value for `ms`. */
const localInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

export function ResetOffsetsDialog({ detail, open, onClose }: { detail: GroupDetail; open: boolean; onClose: () => void }) {
  const { store, bridge } = useApp();
  const topics = useMemo(() => [...new Set(detail.offsets.map((o) => o.topic))].sort(), [detail]);
  const [topic, setTopic] = useState('');
  const [mode, setMode] = useState<OffsetResetMode>('earliest');
  const [value, setValue] = useState('0');
  const [time, setTime] = useState(localInput(Date.now() - 3600_000));
  const [preview, setPreview] = useState<OffsetResetRow[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) {
      setPreview(null);
      setError(null);
    }
  }, [open]);
  useEffect(() => setPreview(null), [topic, mode, value, time]);
  const empty = detail.members.length === 0;

  const request = (dryRun: boolean) => ({
    groupId: detail.groupId,
    ...(topic ? { topics: [topic] } : {}),
    mode,
    ...(mode === 'timestamp' ? { value: new Date(time).getTime() } : mode === 'offset' || mode === 'shift' ? { value: Number(value) } : {}),
    dryRun,
  });
  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const r = await resetOffsets(store, bridge, request(dryRun));
      setPreview(r.rows);
      if (r.applied) onClose();
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };
  const columns = useMemo(() => [
    rcol.accessor('topic', { header: 'Topic' }),
    rcol.accessor('partition', { header: 'Partition', meta: { numeric: true } }),
    rcol.accessor((r) => r.current ?? -1, { id: 'current', header: 'Current', meta: { numeric: true }, cell: (c) => (c.getValue() < 0 ? 'none' : formatNumber(c.getValue())) }),
    rcol.accessor('target', { header: 'New', meta: { numeric: true }, cell: (c) => <strong>{formatNumber(c.getValue())}</strong> }),
    rcol.accessor((r) => r.target - (r.current ?? r.logStartOffset), { id: 'change', header: 'Change', meta: { numeric: true }, cell: (c) => (c.getValue() > 0 ? `+${formatNumber(c.getValue())}` : c.getValue() === 0 ? '0' : `−${formatNumber(-c.getValue())}`) }),
    rcol.accessor((r) => r.endOffset - r.target, { id: 'lagAfter', header: 'Lag after', meta: { numeric: true }, cell: (c) => formatNumber(c.getValue()) }),
  ], []);

  return (
    <Dialog title={`Reset offsets of ${detail.groupId}`} open={open} onClose={onClose} wide>
      <form className="form" onSubmit={(e) => { e.preventDefault(); void run(true); }}>
        {!empty && (
          <p className="note" role="note">
            This group has {detail.members.length} active member{detail.members.length === 1 ? '' : 's'}. Kafka resets offsets only while a group is empty:
            stop its consumers first. You can still preview.
          </p>
        )}
        <div className="form-row">
          <Field label="Topic">
            <select value={topic} onChange={(e) => setTopic(e.target.value)}>
              <option value="">All topics of the group</option>
              {topics.map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
          </Field>
          <Field label="Reset to">
            <select value={mode} onChange={(e) => setMode(e.target.value as OffsetResetMode)}>
              {MODES.map((m) => <option key={m.mode} value={m.mode}>{m.label}</option>)}
            </select>
          </Field>
          {mode === 'timestamp' && (
            <Field label="Time">
              <input type="datetime-local" value={time} onChange={(e) => setTime(e.target.value)} />
            </Field>
          )}
          {(mode === 'offset' || mode === 'shift') && (
            <Field label={mode === 'offset' ? 'Offset' : 'Shift by (records, negative goes back)'}>
              <input type="number" value={value} onChange={(e) => setValue(e.target.value)} />
            </Field>
          )}
        </div>
        <InlineError error={error} />
        {preview && (
          <div className="preview-table" role="region" aria-label="Reset preview">
            <Table label="Reset preview" data={preview} columns={columns} getRowId={(r) => `${r.topic}/${r.partition}`} searchable={false} empty="Nothing to reset." />
          </div>
        )}
        <div className="form-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" disabled={busy}>Preview (dry run)</button>
          <button type="button" className="primary" disabled={busy || !preview} title={preview ? undefined : 'Preview first'} onClick={() => void run(false)}>Reset offsets</button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteGroupDialog({ groupId, open, onClose }: { groupId: string; open: boolean; onClose: () => void }) {
  const { store, bridge } = useApp();
  const remove = () => {
    onClose();
    void deleteGroup(store, bridge, groupId);
  };
  return (
    <ConfirmDialog title={`Delete group ${groupId}?`} open={open} confirmLabel="Delete group" danger onCancel={onClose} onConfirm={remove}>
      Its committed offsets are deleted: a consumer joining with this group id starts from its auto.offset.reset position.
      Kafka refuses while the group has active members (NON_EMPTY_GROUP).
    </ConfirmDialog>
  );
}
