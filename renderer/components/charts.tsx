// Chart wrappers on recharts: a throughput chart (messages/s or bytes/s over time), a lag chart, and a
// table-cell sparkline; and `useSeries`, which polls one of the contract's metrics.* methods. Colours come
// from the theme's CSS variables, so the charts follow dark and light.

import { useState } from 'react';
import { Area, AreaChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MethodResponse } from '../../app/contract.ts';
import { useApp } from '../store/context.ts';
import { reportError } from '../store/notices.actions.ts';
import { readSeries, type SeriesMethod, type SeriesQuery } from '../store/metrics.actions.ts';
import { usePoll } from '../store/use-poll.ts';
import { formatBytes } from './format.ts';

/**
 * Poll a metrics method every `intervalMs` (the window moves with it). `request` is compared by value;
 * null pauses polling. Until the first answer for the current request and window, the series is null
 * (an answer for a previous request is never shown). A failure becomes a notice (repeats merge into it).
 */
export function useSeries<K extends SeriesMethod>(method: K, request: SeriesQuery<K> | null, windowMs: number, intervalMs = 2000): MethodResponse<K> | null {
  const { store, bridge } = useApp();
  const [last, setLast] = useState<{ key: string; data: MethodResponse<K> } | null>(null);
  const key = request === null ? null : `${method} ${windowMs} ${JSON.stringify(request)}`;
  usePoll(async () => {
    if (key === null || request === null) return;
    try {
      const data = await readSeries(bridge, method, request, windowMs);
      setLast({ key, data });
    } catch (e) {
      reportError(store, 'Read metrics history', e);
    }
  }, intervalMs, [key], key !== null);
  return last !== null && last.key === key ? last.data : null;
}

export const WINDOWS: { label: string; ms: number }[] = [
  { label: '5 min', ms: 5 * 60_000 },
  { label: '1 hour', ms: 60 * 60_000 },
  { label: '24 hours', ms: 24 * 60 * 60_000 },
  { label: '7 days', ms: 7 * 24 * 60 * 60_000 },
];

export function WindowPicker({ value, onChange, label }: { value: number; onChange: (ms: number) => void; label: string }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {WINDOWS.map((w) => <option key={w.ms} value={w.ms}>{w.label}</option>)}
    </select>
  );
}

const clock = (ms: number, spanMs: number) => {
  const d = new Date(ms);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (spanMs > 24 * 60 * 60_000) return `${d.getMonth() + 1}/${d.getDate()} ${hm}`;
  return spanMs <= 10 * 60_000 ? `${hm}:${String(d.getSeconds()).padStart(2, '0')}` : hm;
};

export const formatRate = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export interface TimeChartProps<P extends { at: number }> {
  /** Accessible name; also the chart's caption. */
  label: string;
  points: P[] | null;
  /** Which value of a point to draw, and how to show it. */
  value: (p: P) => number;
  format: (n: number) => string;
  windowMs: number;
  /** CSS colour (a theme variable). */
  color?: string;
  empty: string;
  height?: number;
  kind?: 'area' | 'line';
  /** Y axis ticks (short: the unit is in the caption's value). Default: compact numbers. */
  axisFormat?: (n: number) => string;
}

export const compact = (n: number) => (n >= 1e6 ? `${+(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${+(n / 1e3).toFixed(1)}k` : `${+n.toFixed(n < 10 ? 1 : 0)}`);

/** A value over time. The number of points and the largest value are in data-points / data-max (tests). */
export function TimeChart<P extends { at: number }>({ label, points, value, format, windowMs, color = 'var(--accent)', empty, height = 180, kind = 'area', axisFormat = compact }: TimeChartProps<P>) {
  const data = (points ?? []).map((p) => ({ at: p.at, v: value(p) }));
  const last = data.at(-1);
  return (
    <figure className="chart" role="figure" aria-label={label} tabIndex={0} data-points={data.length} data-max={data.reduce((m, p) => Math.max(m, p.v), 0)}>
      <figcaption className="chart-caption">
        <span>{label}</span>
        <span className="chart-now">{last ? format(last.v) : '–'}</span>
      </figcaption>
      {points === null ? <div className="chart-empty">Loading…</div> : data.length === 0 ? <div className="chart-empty">{empty}</div> : (
        <ResponsiveContainer width="100%" height={height}>
          {kind === 'area' ? (
            <AreaChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => clock(t, windowMs)} stroke="var(--text-muted)" fontSize={11} minTickGap={40} />
              <YAxis tickFormatter={(v: number) => axisFormat(v)} stroke="var(--text-muted)" fontSize={11} width={56} allowDecimals />
              <Tooltip labelFormatter={(t) => clock(Number(t), 0)} formatter={(v) => [format(Number(v)), label]} contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border)', color: 'var(--text)' }} />
              <Area type="monotone" dataKey="v" stroke={color} fill={color} fillOpacity={0.18} strokeWidth={1.5} isAnimationActive={false} dot={false} />
            </AreaChart>
          ) : (
            <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => clock(t, windowMs)} stroke="var(--text-muted)" fontSize={11} minTickGap={40} />
              <YAxis tickFormatter={(v: number) => axisFormat(v)} stroke="var(--text-muted)" fontSize={11} width={56} />
              <Tooltip labelFormatter={(t) => clock(Number(t), 0)} formatter={(v) => [format(Number(v)), label]} contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border)', color: 'var(--text)' }} />
              <Line type="stepAfter" dataKey="v" stroke={color} strokeWidth={1.5} isAnimationActive={false} dot={false} />
            </LineChart>
          )}
        </ResponsiveContainer>
      )}
    </figure>
  );
}

export const msgsPerSec = (n: number) => `${formatRate(n)} msg/s`;
export const bytesPerSec = (n: number) => `${formatBytes(Math.round(n))}/s`;

/** A small line for a table cell: the last few minutes of a rate, with the current value beside it. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const data = values.map((v, i) => ({ i, v }));
  return (
    <span className="sparkline" role="img" aria-label={label}>
      <span className="sparkline-chart">
        {data.length > 1 && (
          <LineChart accessibilityLayer={false} width={90} height={22} data={data} margin={{ top: 2, right: 0, bottom: 2, left: 0 }}>
            <YAxis hide domain={[0, 'dataMax']} />
            <Line type="monotone" dataKey="v" stroke="var(--accent)" strokeWidth={1.25} isAnimationActive={false} dot={false} />
          </LineChart>
        )}
      </span>
    </span>
  );
}
