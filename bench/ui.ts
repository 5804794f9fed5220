// The 'ui' suite: search scan rate over 1M records (the console's SearchManager, through @platformatic/kafka's
// Fetch), first rows on screen after opening the message view at random offsets of a 10M-record partition
// (Chromium via Playwright against the web host; from the offset jump to the first row with its record
// visible), and the renderer's JS heap after scrolling through 1M rows (CDP, after a forced GC).
// Records are written fast: engine buildBatch in batches of 20,000 records over the protocol (mini-client).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { buildBatch } from '../engine/index.ts';
import { startBackend } from '../app/console/service/start.ts';
import type { SearchProgressEvent } from '../app/contract.ts';
import { SearchManager } from '../app/console/kafka/search.ts';
import { localConnection } from '../app/console/kafka/local-cluster.ts';
import { startWebHost } from '../app/serve/web-host.ts';
import { ensureRenderer } from '../app/serve/renderer-build.ts';
import { connect, leaderOf, produce } from './clients/mini-client.ts';
import { createTopic } from './cluster-support.ts';
import type { BenchResult } from './report.ts';

const BATCH = 20_000;

async function fill(bootstrap: string, topic: string, count: number, valueBytes: number): Promise<number> {
  const meta = await connect(bootstrap.split(',')[0], 'bench-ui-meta');
  const { hostPort } = await leaderOf(meta, topic, 0);
  meta.close();
  const conn = await connect(hostPort!, 'bench-ui-fill');
  const t0 = performance.now();
  const pad = 'x'.repeat(Math.max(0, valueBytes - 12));
  const now = Date.now();
  const inflight: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += BATCH) {
    const n = Math.min(BATCH, count - i);
    const records = Array.from({ length: n }, (_, j) => ({ key: null, value: `v${String(i + j).padStart(9, '0')}${pad}`, timestamp: now + i + j }));
    inflight.push(produce(conn, topic, 0, buildBatch(records), 1).then((a) => {
      if (a.errorCode !== 0) throw new Error(`produce error ${a.errorCode}`);
    }));
    if (inflight.length >= 4) await inflight.shift();
  }
  await Promise.all(inflight);
  conn.close();
  return (performance.now() - t0) / 1000;
}

export async function uiBench(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-bench-ui-'));
  const backend = await startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 1, basePort: 0, host: 'web', version: 'bench' });
  const results: BenchResult[] = [];
  try {
    const bootstrap = backend.cluster.bootstrapServers;
    // ---- search scan rate over 1M small records ----
    await createTopic(backend.cluster, 'scan-1m', 1, 1);
    const fillScan = await fill(bootstrap, 'scan-1m', 1_000_000, 24);
    const conn = localConnection(backend.cluster);
    let last: SearchProgressEvent | undefined;
    const searches = new SearchManager(conn, (e) => (last = e));
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const { done } = await searches.start('bench', { topic: 'scan-1m', valueContains: 'v000999999' });
      await done;
      const s = (performance.now() - t0) / 1000;
      if (last?.scanned !== 1_000_000 || last.matched !== 1) throw new Error(`scan saw ${last?.scanned} records, ${last?.matched} matches`);
      runs.push(1_000_000 / s);
    }
    runs.sort((a, b) => b - a);
    results.push({ name: 'ui: search scan rate (1M records, value contains)', value: runs[0], unit: 'records/s', target: 1_000_000, extra: { median: runs[1], fill_s: fillScan } });
    const t0 = performance.now();
    await (await searches.start('bench', { topic: 'scan-1m', predicate: 'r.value.endsWith("999999")' })).done;
    results.push({ name: 'ui: search scan rate (1M records, JS predicate)', value: 1_000_000 / ((performance.now() - t0) / 1000), unit: 'records/s' });
    await conn.close();

    // ---- 10M-record partition in the browser ----
    await createTopic(backend.cluster, 'big-10m', 1, 1);
    const fillBig = await fill(bootstrap, 'big-10m', 10_000_000, 24);
    console.error(`  10M records written in ${fillBig.toFixed(1)} s`);
    const host = await startWebHost({ console: backend.console, rendererDir: await ensureRenderer(() => undefined), port: 0 });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
      await page.goto(host.url);
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Messages', exact: true }).click();
      const open0 = performance.now();
      await page.getByLabel('Topic', { exact: true }).selectOption('big-10m');
      await page.getByRole('option', { name: 'Offset 0', exact: true }).getByText('v000000000').waitFor();
      const openMs = performance.now() - open0;
      await page.getByText('10,000,000 records').waitFor();
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const offset = 1_000_000 + Math.floor(Math.random() * 8_000_000);
        const input = page.getByLabel('Go to offset');
        await input.fill(String(offset));
        const t = performance.now();
        await input.press('Enter');
        await page.getByRole('option', { name: `Offset ${offset}`, exact: true }).getByText(`v${String(offset).padStart(9, '0')}`).waitFor();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      results.push({ name: 'ui: first rows at a random offset of a 10M partition', value: times[Math.floor(times.length / 2)], unit: 'ms', target: 200, higherIsBetter: false, extra: { max_ms: times[times.length - 1], open_ms: openMs, fill_10m_s: fillBig } });

      // ---- memory after scrolling 1M rows ----
      await page.getByRole('button', { name: 'Earliest' }).click();
      await page.getByRole('option', { name: 'Offset 0', exact: true }).getByText('v000000000').waitFor();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const before = (await cdp.send('Runtime.getHeapUsage')).usedSize;
      const s0 = performance.now();
      const STEP = 5_000; // rows per scroll step (160,000 px)
      for (let row = STEP; row <= 1_000_000; row += STEP) {
        await page.evaluate((px) => {
          const el = document.querySelector('[role="listbox"][aria-label="Messages"]')!;
          el.scrollTop += px;
        }, STEP * 32);
        if (row % 100_000 === 0) await page.waitForTimeout(50);
        else await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      }
      const scrollS = (performance.now() - s0) / 1000;
      await page.waitForTimeout(500);
      const rowsVisible = await page.locator('[role="option"]').count();
      await cdp.send('HeapProfiler.collectGarbage');
      const after = (await cdp.send('Runtime.getHeapUsage')).usedSize;
      results.push({ name: 'ui: renderer JS heap after scrolling 1M rows', value: after / 2 ** 20, unit: 'MiB', extra: { before_mib: before / 2 ** 20, scroll_s: scrollS, rows_in_dom: rowsVisible } });
    } finally {
      await browser.close();
      await host.close();
    }
  } finally {
    await backend.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
