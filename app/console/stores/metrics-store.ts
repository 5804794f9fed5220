// Metrics history in the console database (migration 002): what the sampler sees every second, kept at two
// resolutions so charts show history across restarts.
//
//   res 1   one point per sample (about 1 s), kept for an hour
//   res 60  one point per minute (stamped with the time of the minute's last sample), kept for the
//           retention setting (a week by default)
//
// Stored values are the raw counters (a partition's end offset and log size; a group's committed offset and
// lag per partition), never rates: a rate is the difference of two points, so a minute point is simply the
// minute's last sample (lag: the minute's largest), and rates read from minute points stay exact.
// Rollup runs when a sample starts a new minute: every finished minute not yet rolled up becomes res-60 rows.
// Rates across a gap longer than three minutes (the app was closed) are not drawn.

import type { openDatabase } from '../../../engine/index.ts';
import type { LagPoint, ThroughputPoint, TopicRates } from '../../contract.ts';

type Sqlite = ReturnType<typeof openDatabase>;

export const SECOND_POINTS_MS = 60 * 60 * 1000;
const MINUTE = 60_000;
const MAX_GAP_MS = 3 * MINUTE;
/** The first minute not yet rolled up, after the last minute point (stamped with its last sample's time). */
const nextMinute = (lastPoint: number | null) => (lastPoint === null ? 0 : Math.floor(lastPoint / MINUTE) * MINUTE + MINUTE);

export interface PartitionSample {
  topic: string;
  partition: number;
  endOffset: number;
  /** Bytes on the leader; -1 when unknown. */
  size: number;
}

export interface GroupPartitionSample {
  groupId: string;
  topic: string;
  partition: number;
  committed: number | null;
  lag: number;
  /** Age of the oldest unconsumed record in ms; null when nothing is behind or unknown. */
  lagMs: number | null;
}

interface Row { at: number; key: string; a: number; b: number }

export class MetricsStore {
  private readonly insPart;
  private readonly insGroup;
  private lastMinute: number | undefined;

  constructor(private readonly db: Sqlite, private retentionMs: () => number) {
    this.insPart = db.prepare('INSERT OR REPLACE INTO partition_points (res, at, topic, partition, end_offset, size) VALUES (1, ?, ?, ?, ?, ?)');
    this.insGroup = db.prepare('INSERT OR REPLACE INTO group_points (res, at, group_id, topic, partition, committed, lag, lag_ms) VALUES (1, ?, ?, ?, ?, ?, ?, ?)');
  }

  /** Record one sample taken at `at`; rolls finished minutes up and prunes old points when a minute turns. */
  record(at: number, partitions: PartitionSample[], groups: GroupPartitionSample[]): void {
    this.db.transaction(() => {
      for (const p of partitions) this.insPart.run(at, p.topic, p.partition, p.endOffset, p.size);
      for (const g of groups) this.insGroup.run(at, g.groupId, g.topic, g.partition, g.committed, g.lag, g.lagMs);
    })();
    const minute = Math.floor(at / MINUTE) * MINUTE;
    if (this.lastMinute === undefined || minute > this.lastMinute) {
      this.lastMinute = minute;
      this.rollup(minute, at);
    }
  }

  /** Roll every finished minute before `upTo` into res 60 and prune by age (relative to `now`). */
  rollup(upTo: number, now = Date.now()): void {
    this.db.transaction(() => {
      const from = (this.db.prepare('SELECT MAX(at) AS m FROM partition_points WHERE res = 60').get() as { m: number | null }).m;
      const fromG = (this.db.prepare('SELECT MAX(at) AS m FROM group_points WHERE res = 60').get() as { m: number | null }).m;
      // SQLite: with MAX(at) the bare columns come from the row holding the maximum, i.e. the minute's last sample.
      this.db.prepare(`INSERT OR REPLACE INTO partition_points (res, at, topic, partition, end_offset, size)
        SELECT 60, last, topic, partition, end_offset, size FROM (
          SELECT (at / 60000) * 60000 AS m, topic, partition, end_offset, size, MAX(at) AS last
          FROM partition_points WHERE res = 1 AND at >= ? AND at < ? GROUP BY m, topic, partition)`).run(nextMinute(from), upTo);
      this.db.prepare(`INSERT OR REPLACE INTO group_points (res, at, group_id, topic, partition, committed, lag, lag_ms)
        SELECT 60, last, group_id, topic, partition, committed, maxlag, maxlagms FROM (
          SELECT (at / 60000) * 60000 AS m, group_id, topic, partition, committed, MAX(lag) AS maxlag, MAX(lag_ms) AS maxlagms, MAX(at) AS last
          FROM group_points WHERE res = 1 AND at >= ? AND at < ? GROUP BY m, group_id, topic, partition)`).run(nextMinute(fromG), upTo);
      this.prune(now);
    })();
  }

  prune(now = Date.now()): void {
    for (const t of ['partition_points', 'group_points']) {
      this.db.prepare(`DELETE FROM ${t} WHERE res = 1 AND at < ?`).run(now - SECOND_POINTS_MS);
      this.db.prepare(`DELETE FROM ${t} WHERE res = 60 AND at < ?`).run(now - this.retentionMs());
    }
  }

  setRetention(retentionMs: () => number): void {
    this.retentionMs = retentionMs;
  }

  /** Points of both resolutions from `since`: minute points up to where second points begin. */
  private points(table: 'partition_points' | 'group_points', where: string, args: unknown[], since: number, cols: string): Row[] {
    const firstSecond = (this.db.prepare(`SELECT MIN(at) AS m FROM ${table} WHERE res = 1 AND at >= ?${where}`).get(since, ...args) as { m: number | null }).m;
    const minutesUntil = firstSecond ?? Number.MAX_SAFE_INTEGER;
    const minutes = this.db.prepare(`SELECT at, ${cols} FROM ${table} WHERE res = 60 AND at >= ? AND at < ?${where} ORDER BY at`).all(since, minutesUntil, ...args) as Row[];
    const seconds = this.db.prepare(`SELECT at, ${cols} FROM ${table} WHERE res = 1 AND at >= ?${where} ORDER BY at`).all(since, ...args) as Row[];
    return [...minutes, ...seconds];
  }

  /** Messages/s and bytes/s summed over the matching partitions (all, or one topic). */
  throughput(since: number, topic?: string): ThroughputPoint[] {
    const rows = this.points('partition_points', topic === undefined ? '' : ' AND topic = ?', topic === undefined ? [] : [topic], since,
      "topic || '/' || partition AS key, end_offset AS a, size AS b");
    return rates(rows);
  }

  /**
   * Per topic, from `since` (1 s points; for the topics table's sparklines): messages written (end offsets)
   * and messages consumed (committed offsets, summed over groups; a partition without a commit adds nothing).
   */
  throughputByTopic(since: number): Record<string, TopicRates> {
    const group = (rows: (Row & { topic: string })[]) => {
      const byTopic = new Map<string, Row[]>();
      for (const r of rows) {
        let list = byTopic.get(r.topic);
        if (!list) byTopic.set(r.topic, (list = []));
        list.push(r);
      }
      return byTopic;
    };
    const written = group(this.db.prepare("SELECT at, topic, topic || '/' || partition AS key, end_offset AS a, size AS b FROM partition_points WHERE res = 1 AND at >= ? ORDER BY at").all(since) as (Row & { topic: string })[]);
    const consumed = group(this.db.prepare("SELECT at, topic, group_id || '/' || topic || '/' || partition AS key, committed AS a, -1 AS b FROM group_points WHERE res = 1 AND at >= ? AND committed IS NOT NULL ORDER BY at").all(since) as (Row & { topic: string })[]);
    return Object.fromEntries([...written].map(([t, rs]) => [t, { in: rates(rs), out: rates(consumed.get(t) ?? []) }]));
  }

  /** A group's total lag and largest lag in seconds per point. */
  groupLag(groupId: string, since: number): LagPoint[] {
    const rows = this.points('group_points', ' AND group_id = ?', [groupId], since, "topic || '/' || partition AS key, lag AS a, lag_ms AS b");
    const byAt = new Map<number, LagPoint>();
    for (const r of rows) {
      const p = byAt.get(r.at) ?? { at: r.at, lag: 0, lagSeconds: null };
      p.lag += r.a;
      if (r.b !== null && r.a > 0) p.lagSeconds = Math.max(p.lagSeconds ?? 0, r.b / 1000);
      byAt.set(r.at, p);
    }
    return [...byAt.values()].sort((x, y) => x.at - y.at);
  }

  /** Counts per resolution (tests, diagnostics). */
  counts(): { seconds: number; minutes: number } {
    const c = (res: number) => (this.db.prepare('SELECT COUNT(*) AS n FROM partition_points WHERE res = ?').get(res) as { n: number }).n;
    return { seconds: c(1), minutes: c(60) };
  }
}

/**
 * Rates from counter points: per key, the difference to its previous point over the time between them
 * (negative differences — retention, purge — count as 0), summed per timestamp. A gap longer than three
 * minutes (the app was closed) breaks the series rather than averaging over it.
 */
export function rates(rows: Row[]): ThroughputPoint[] {
  const prev = new Map<string, Row>();
  const byAt = new Map<number, ThroughputPoint>();
  for (const r of rows) {
    const p = prev.get(r.key);
    prev.set(r.key, r);
    if (!p || r.at <= p.at) continue;
    const gap = r.at - p.at;
    if (gap > MAX_GAP_MS) continue;
    const seconds = gap / 1000;
    const point = byAt.get(r.at) ?? { at: r.at, messagesPerSec: 0, bytesPerSec: 0 };
    point.messagesPerSec += Math.max(0, r.a - p.a) / seconds;
    if (r.b >= 0 && p.b >= 0) point.bytesPerSec += Math.max(0, r.b - p.b) / seconds;
    byAt.set(r.at, point);
  }
  return [...byAt.values()].sort((x, y) => x.at - y.at);
}
