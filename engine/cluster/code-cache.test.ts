// The code-cache loader with a real worker thread and a real file: what it runs, what it writes, and that a
// cache file that does not fit (garbage, or another bundle's) is ignored and replaced.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedScriptWorker } from './code-cache.ts';

let dir: string;
let bundle: string;

// A CommonJS "bundle" as esbuild writes one: require, module.exports, a started promise, and a message out.
const BUNDLE = `
const { parentPort, workerData } = require('node:worker_threads');
const OFFSET = 1;
function answer(n) { return n * 2 + OFFSET; }
exports.started = new Promise((resolve) => setTimeout(resolve, 10)).then(() => parentPort.postMessage({ answer: answer(workerData.n), file: __filename }));
`;

/** Runs the bundle once: its message, after the thread has ended (and so has written any cache). */
async function run(n: number): Promise<{ answer: number; file: string }> {
  const worker = cachedScriptWorker(bundle, { workerData: { n } });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  const message = new Promise<{ answer: number; file: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const [m] = await Promise.all([message, exited]);
  return m;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-code-cache-'));
  bundle = path.join(dir, 'bundle.cjs');
  fs.writeFileSync(bundle, BUNDLE);
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cachedScriptWorker', () => {
  it('runs the bundle as CommonJS and writes its cache once it has started', async () => {
    expect(await run(20)).toEqual({ answer: 41, file: bundle });
    const cache = fs.readFileSync(`${bundle}.cache`);
    expect(cache.length).toBeGreaterThan(0);
    // The cache fits: the next start uses it and leaves the file as it was.
    expect(await run(1)).toEqual({ answer: 3, file: bundle });
    expect(fs.readFileSync(`${bundle}.cache`).equals(cache)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['bundle.cjs', 'bundle.cjs.cache']);
  });

  it('ignores a corrupt cache file, starts, and replaces it', async () => {
    const garbage = Buffer.alloc(4096, 0x5a);
    fs.writeFileSync(`${bundle}.cache`, garbage);
    expect(await run(5)).toEqual({ answer: 11, file: bundle });
    const replaced = fs.readFileSync(`${bundle}.cache`);
    expect(replaced.equals(garbage)).toBe(false);
    expect(await run(6)).toEqual({ answer: 13, file: bundle });
    expect(fs.readFileSync(`${bundle}.cache`).equals(replaced)).toBe(true);
  });

  it('ignores the cache of another bundle (the sources changed)', async () => {
    await run(1);
    const old = fs.readFileSync(`${bundle}.cache`);
    fs.writeFileSync(bundle, BUNDLE.replace('OFFSET = 1;', 'OFFSET = 100;'));
    expect(await run(1)).toEqual({ answer: 102, file: bundle });
    expect(fs.readFileSync(`${bundle}.cache`).equals(old)).toBe(false);
  });
});
