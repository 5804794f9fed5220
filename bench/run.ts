// npm run bench [-- --only storage] [-- --gib N]: prints a table and writes bench/results/latest.json.
// Figures are rates and ratios from one run on this machine; they are not tests.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { printTable, writeJson, type BenchResult } from './report.ts';
import { storageBench } from './storage.ts';

const { values } = parseArgs({ options: { only: { type: 'string' }, gib: { type: 'string', default: '1' }, out: { type: 'string' } } });
const suites: Record<string, () => Promise<BenchResult[]>> = {
  storage: () => storageBench(Number(values.gib) * 2 ** 30),
};

const results: BenchResult[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (values.only && values.only !== name) continue;
  console.error(`running ${name}...`);
  results.push(...(await run()));
}
printTable(results);
const out = values.out ?? path.join(import.meta.dirname, 'results', 'latest.json');
writeJson(results, out);
console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
