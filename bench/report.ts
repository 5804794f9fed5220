// One row of the benchmark table, and the table/JSON output.

import fs from 'node:fs';
import path from 'node:path';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: number;
  higherIsBetter?: boolean;
  extra?: Record<string, number | string>;
}

function fmt(v: number): string {
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return v.toPrecision(3);
}

export function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => {
    const met = r.target === undefined ? '' : (r.higherIsBetter === false ? r.value <= r.target : r.value >= r.target) ? 'met' : 'MISSED';
    const extra = r.extra ? Object.entries(r.extra).map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : v}`).join(' ') : '';
    return [r.name, fmt(r.value), r.unit, r.target === undefined ? '' : `${r.higherIsBetter === false ? '<=' : '>='} ${fmt(r.target)}`, met, extra];
  });
  const header = ['benchmark', 'value', 'unit', 'target', '', 'details'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export function writeJson(results: BenchResult[], file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const doc = { date: new Date().toISOString(), node: process.version, cpus: (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency, results };
  fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
}
