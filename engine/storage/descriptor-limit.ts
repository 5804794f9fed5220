// How many file descriptors this process may hold, and how many of them the brokers' storage may use.
//
// Node raises the soft RLIMIT_NOFILE to the hard limit when it starts (on Linux and macOS), so the soft limit
// read here is already as high as the platform allows. Linux: /proc/self/limits. macOS and other Unixes: a
// child shell's `ulimit -n` (a child inherits the raised limit). Windows has no such limit for our purposes.
//
// The storage budget leaves room for what is not a log file: client and replication sockets, the SQLite
// catalog (a database, its WAL and shared-memory file per connection), Node's own pipes and the console.

import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

export interface DescriptorLimit {
  soft: number;
  hard: number;
  /** Where the figure came from, for the start-up log. */
  source: string;
}

/** Above this many open log files the returns vanish: the LRU keeps the working set open anyway. */
export const MAX_STORAGE_DESCRIPTORS = 16_384;

function parseLimit(v: string): number {
  return v === 'unlimited' ? Infinity : Number(v);
}

export function readDescriptorLimit(): DescriptorLimit {
  if (process.platform === 'win32') return { soft: 8192, hard: 8192, source: 'windows default' };
  try {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const m = line?.match(/^Max open files\s+(\S+)\s+(\S+)/);
    if (m) return { soft: parseLimit(m[1]), hard: parseLimit(m[2]), source: '/proc/self/limits' };
  } catch {
    // Not Linux: ask a shell below.
  }
  const soft = spawnSync('sh', ['-c', 'ulimit -Sn'], { encoding: 'utf8' });
  const hard = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' });
  const s = parseLimit(soft.stdout?.trim() ?? '');
  const h = parseLimit(hard.stdout?.trim() ?? '');
  if (Number.isFinite(s) || s === Infinity) return { soft: s, hard: Number.isNaN(h) ? s : h, source: 'ulimit -n' };
  return { soft: 1024, hard: 1024, source: 'assumed (the limit could not be read)' };
}

/** Descriptors this process holds now (Linux /proc/self/fd, macOS /dev/fd); 0 where neither exists. */
export function openDescriptorCount(): number {
  for (const dir of ['/proc/self/fd', '/dev/fd']) {
    try {
      return fs.readdirSync(dir).length;
    } catch {
      // try the next
    }
  }
  return 0;
}

/**
 * The descriptors the storage of every broker together may hold: the limit less what the process holds
 * already (`inUse`: the runtime, the console, the controller's catalog) less a reserve for sockets, each
 * broker's catalog connection and other libraries — a quarter of the limit, at least 96.
 */
export function storageDescriptorBudget(limit: DescriptorLimit, inUse = openDescriptorCount()): number {
  const soft = Math.min(limit.soft, 1 << 20);
  const reserve = Math.max(96, Math.floor(soft / 4));
  return Math.max(16, Math.min(MAX_STORAGE_DESCRIPTORS, soft - inUse - reserve));
}
