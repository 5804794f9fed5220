// Two versions of a subject as one line diff (the older one's line numbers left, the newer one's right),
// long unchanged runs folded (a click unfolds them).

import { useMemo, useState } from 'react';
import type { SchemaVersion } from '../../../app/contract.ts';
import { displaySchema, foldUnchanged, lineDiff } from './line-diff.ts';

export function SchemaDiff({ versions, pair, onPick }: { versions: SchemaVersion[]; pair: [number, number]; onPick: (a: number, b: number) => void }) {
  const [from, to] = pair;
  const a = versions.find((v) => v.version === from);
  const b = versions.find((v) => v.version === to);
  const lines = useMemo(() => (a && b ? lineDiff(displaySchema(a.schemaType, a.schema), displaySchema(b.schemaType, b.schema)) : []), [a, b]);
  const [unfolded, setUnfolded] = useState(false);
  const rows = useMemo(() => (unfolded ? lines : foldUnchanged(lines)), [lines, unfolded]);
  const added = lines.filter((l) => l.kind === 'added').length;
  const removed = lines.filter((l) => l.kind === 'removed').length;
  return (
    <div className="schema-card" role="region" aria-label="Diff between versions">
      <h3>Diff</h3>
      <div className="form-row">
        <label className="inline">From version{' '}
          <select aria-label="Diff from version" value={from} onChange={(e) => onPick(Number(e.target.value), to)}>
            {versions.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}
          </select>
        </label>
        <label className="inline">to version{' '}
          <select aria-label="Diff to version" value={to} onChange={(e) => onPick(from, Number(e.target.value))}>
            {versions.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}
          </select>
        </label>
        <span className="muted" role="status">{from === to ? 'the same version' : `${added} added, ${removed} removed`}</span>
      </div>
      <div className="diff" aria-label={`Diff of version ${from} and version ${to}`}>
        {rows.map((l, i) => l.kind === 'gap' ? (
          <button key={i} type="button" className="diff-gap" onClick={() => setUnfolded(true)}>⋯ {l.count} unchanged line{l.count === 1 ? '' : 's'}</button>
        ) : (
          <div key={i} className={`diff-line diff-${l.kind}`} data-kind={l.kind}>
            <span className="diff-no">{l.oldNo ?? ''}</span>
            <span className="diff-no">{l.newNo ?? ''}</span>
            <span className="diff-mark" aria-hidden="true">{l.kind === 'added' ? '+' : l.kind === 'removed' ? '−' : ' '}</span>
            <span>{l.text}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
