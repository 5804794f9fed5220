import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DescriptorBudget, FileHandlePool, MIN_POOL_QUOTA } from './file-handle-pool.ts';
import { FaultyFileLayer } from './faulty-file-layer.ts';
import { KafkaError } from '../protocol/error-codes.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-pool-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function openFds(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

describe.runIf(process.platform === 'linux')('FileHandlePool descriptors', () => {
  it('holds at most its quota of descriptors however many files are open, and every file still reads back', () => {
    const dir = tempDir();
    const budget = new DescriptorBudget(MIN_POOL_QUOTA * 2);
    budget.join();
    const pool = new FileHandlePool(budget);
    const before = openFds();
    const files = Array.from({ length: 200 }, (_, i) => pool.open(path.join(dir, `f${i}`), 'rw'));
    files.forEach((f, i) => f.write(Buffer.from(`file ${i}`), 0));
    expect(openFds() - before).toBeLessThanOrEqual(MIN_POOL_QUOTA * 2);
    expect(pool.stats()).toMatchObject({ files: 200, quota: MIN_POOL_QUOTA * 2 });
    expect(pool.stats().open).toBeLessThanOrEqual(MIN_POOL_QUOTA * 2);
    for (const [i, f] of files.entries()) {
      const buf = Buffer.alloc(f.size());
      f.read(buf, 0, buf.length, 0);
      expect(buf.toString()).toBe(`file ${i}`);
    }
    expect(pool.stats().reopens).toBeGreaterThan(0);
    for (const f of files) f.close();
    expect(pool.stats()).toMatchObject({ files: 0, open: 0 });
    expect(openFds()).toBe(before);
  });

  it('divides the budget between the brokers drawing on it, and among those expected before they start', () => {
    const budget = new DescriptorBudget(300);
    budget.expect(3);
    budget.join();
    expect(budget.quota()).toBe(100);
    const shared = new DescriptorBudget(budget.shared);
    shared.join();
    shared.join();
    shared.join();
    expect(budget.quota()).toBe(75);
    shared.leave();
    shared.leave();
    expect(budget.quota()).toBe(100);
  });
});

describe('FileHandlePool files', () => {
  it('follows a rename and drops the descriptor of a deleted file', () => {
    const dir = tempDir();
    const budget = new DescriptorBudget(64);
    const pool = new FileHandlePool(budget);
    const f = pool.open(path.join(dir, 'a.swap'), 'rw');
    f.write(Buffer.from('hello'), 0);
    pool.rename(path.join(dir, 'a.swap'), path.join(dir, 'a.log'));
    expect(f.path).toBe(path.join(dir, 'a.log'));
    f.write(Buffer.from(' world'), 5);
    expect(fs.readFileSync(path.join(dir, 'a.log'), 'utf8')).toBe('hello world');
    pool.unlink(path.join(dir, 'a.log'));
    expect(pool.stats().open).toBe(0);
    expect(fs.existsSync(path.join(dir, 'a.log'))).toBe(false);
  });

  it('reports a file removed or cut under the broker as KAFKA_STORAGE_ERROR instead of reading garbage', () => {
    const dir = tempDir();
    const budget = new DescriptorBudget(MIN_POOL_QUOTA);
    const pool = new FileHandlePool(budget);
    const victim = pool.open(path.join(dir, 'victim'), 'rw');
    victim.write(Buffer.alloc(100, 1), 0);
    // Push the victim's descriptor out of the pool, then cut the file behind our back.
    const others = Array.from({ length: MIN_POOL_QUOTA }, (_, i) => pool.open(path.join(dir, `o${i}`), 'rw'));
    fs.truncateSync(path.join(dir, 'victim'), 10);
    let err: unknown;
    try {
      victim.read(Buffer.alloc(100), 0, 100, 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KafkaError);
    expect((err as KafkaError).message).toMatch(/changed under the broker: 10 bytes, 100 expected/);
    // The others are untouched.
    for (const o of others) expect(o.size()).toBe(0);
  });

  it('skips the fsync of a file not written since its last one, and syncs one written before its eviction', () => {
    const dir = tempDir();
    const faulty = new FaultyFileLayer();
    const pool = new FileHandlePool(new DescriptorBudget(MIN_POOL_QUOTA), faulty);
    const f = pool.open(path.join(dir, 'x'), 'rw');
    f.write(Buffer.from('abc'), 0);
    f.sync();
    faulty.failNextSyncs(1);
    f.sync(); // nothing new: no fsync, so the injected failure is still pending
    for (let i = 0; i < MIN_POOL_QUOTA + 1; i++) pool.open(path.join(dir, `y${i}`), 'rw');
    f.write(Buffer.from('def'), 3);
    for (let i = 0; i < MIN_POOL_QUOTA + 1; i++) pool.open(path.join(dir, `z${i}`), 'rw');
    expect(() => f.sync()).toThrow(/fsync/);
    f.sync();
    expect(fs.readFileSync(path.join(dir, 'x'), 'utf8')).toBe('abcdef');
  });
});
