// Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self time, as % of the
// profile's sampled time, and the same grouped by file. Usage:
//   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top N]

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  fn: string;
  where: string;
  ms: number;
  pct: number;
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const p = url.replace(/^file:\/\//, '');
  const i = p.indexOf('/node_modules/');
  if (i >= 0) return p.slice(i + 1);
  return path.relative(process.cwd(), p);
}

export function summarise(file: string, top = 25): { totalMs: number; idlePct: number; functions: SelfTime[]; files: SelfTime[] } {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  prof.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fnAgg = new Map<string, SelfTime>();
  const fileAgg = new Map<string, SelfTime>();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') idle += us;
    const where = n.callFrame.url ? `${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : '';
    const k = `${name} ${where}`;
    const f = fnAgg.get(k) ?? { fn: name, where, ms: 0, pct: 0 };
    f.ms += us / 1000;
    fnAgg.set(k, f);
    const fk = n.callFrame.url ? shortUrl(n.callFrame.url) : name;
    const g = fileAgg.get(fk) ?? { fn: fk, where: '', ms: 0, pct: 0 };
    g.ms += us / 1000;
    fileAgg.set(fk, g);
  }
  const busy = total - idle;
  const rank = (m: Map<string, SelfTime>) =>
    [...m.values()].filter((f) => f.fn !== '(idle)').map((f) => ({ ...f, pct: (100 * f.ms * 1000) / busy })).sort((a, b) => b.ms - a.ms).slice(0, top);
  return { totalMs: total / 1000, idlePct: (100 * idle) / total, functions: rank(fnAgg), files: rank(fileAgg) };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('profile-summary.ts')) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  for (const file of positionals) {
    const s = summarise(file, Number(values.top));
    console.log(`${path.basename(file)}: ${s.totalMs.toFixed(0)} ms sampled, ${s.idlePct.toFixed(1)}% idle; self time as % of busy time`);
    for (const f of s.functions) console.log(`  ${f.pct.toFixed(1).padStart(5)}%  ${f.fn}  ${f.where}`);
    console.log('  by file:');
    for (const f of s.files.slice(0, 12)) console.log(`  ${f.pct.toFixed(1).padStart(5)}%  ${f.fn}`);
  }
}
