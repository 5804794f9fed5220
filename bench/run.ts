// npm run bench [-- --only <suite>[,<suite>]] [-- --gib N]: prints a table and writes bench/results/latest.json.
// Suites: storage, throughput, replicated, latency, failover, ui, transactions, scale (-- --partitions N, default 10000). Figures are rates and ratios from one run on
// this machine; they are not tests.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { printTable, writeJson, type BenchResult } from './report.ts';
import { storageBench } from './storage.ts';
import { kafkaThroughputBench, replicatedThroughputBench } from './kafka-throughput.ts';
import { latencyBench } from './latency.ts';
import { failoverBench } from './failover.ts';
import { uiBench } from './ui.ts';
import { transactionsBench } from './transactions.ts';
import { scaleBench } from './scale.ts';

const { values } = parseArgs({ options: { only: { type: 'string' }, gib: { type: 'string', default: '1' }, partitions: { type: 'string', default: '10000' }, out: { type: 'string' } } });
const suites: Record<string, () => Promise<BenchResult[]>> = {
  storage: () => storageBench(Number(values.gib) * 2 ** 30),
  throughput: () => kafkaThroughputBench(),
  replicated: () => replicatedThroughputBench(),
  latency: () => latencyBench(),
  failover: () => failoverBench(),
  ui: () => uiBench(),
  transactions: () => transactionsBench(),
  scale: () => scaleBench({ big: Number(values.partitions) }),
};

const only = values.only?.split(',');
for (const name of only ?? []) if (!(name in suites)) throw new Error(`unknown suite ${name}; suites: ${Object.keys(suites).join(', ')}`);
const results: BenchResult[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (only && !only.includes(name)) continue;
  console.error(`running ${name}...`);
  const t0 = performance.now();
  results.push(...(await run()));
  console.error(`  ${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
printTable(results);
const out = values.out ?? path.join(import.meta.dirname, 'results', 'latest.json');
writeJson(results, out);
console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
