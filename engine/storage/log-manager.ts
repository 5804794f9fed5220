// All partition logs of one broker's data directory.
//
// Layout: <dataDir>/<topic>-<partition>/ per partition (Kafka's naming; the partition number follows the last
// '-'), and <dataDir>/.kafka_cleanshutdown, written at a clean close and deleted as soon as the manager opens
// again — so its presence at start-up means the previous run flushed everything. Kafka's marker is empty; ours
// may list, one directory name a line, logs that were never opened since an unclean start and so still need
// recovery (an empty marker: none).
//
// Opening is lazy: start-up lists the partition directories and nothing else, so start time does not grow with
// the partition count. A log is opened — segments, indexes, producer state, and recovery when the previous run
// did not shut down cleanly — on first use (get/getOrCreate). Until then its checkpoint from the catalog stands
// in for what callers may ask without reading it (the high watermark and log start offset). Periodic work
// (flush, retention, checkpoints, compaction) runs over the open logs; an unopened log has nothing to flush and
// its checkpoint in the catalog is still its own.
//
// Checkpoints (recovery point, log start offset, high watermark per partition) live outside the data dir, in
// the cluster catalog; the manager reads them through a CheckpointStore at start-up and writes them back
// periodically and at close, all partitions in one atomic write.
//
// Periodic work: flush.ms, retention and checkpoints (tick); compaction of logs with cleanup.policy=compact
// (cleanCompacted, on the cleaner's own shorter period).

import path from 'node:path';
import type { FileLayer } from './file-io.ts';
import { nodeFileLayer } from './file-io.ts';
import type { LogConfig } from './log-config.ts';
import type { PartitionCheckpoint } from './log-loader.ts';
import { PartitionLog } from './partition-log.ts';
import { cleanLog, type CleanResult } from './log-cleaner.ts';

export const CLEAN_SHUTDOWN_FILE = '.kafka_cleanshutdown';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export function partitionDirName(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/** Parses "<topic>-<partition>"; topics may themselves contain '-'. */
export function parsePartitionDirName(name: string): TopicPartition | null {
  const i = name.lastIndexOf('-');
  if (i <= 0) return null;
  const partition = Number(name.slice(i + 1));
  if (!Number.isInteger(partition) || partition < 0 || String(partition) !== name.slice(i + 1)) return null;
  return { topic: name.slice(0, i), partition };
}

export function tpKey(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}

export interface CheckpointStore {
  read(): Map<string, PartitionCheckpoint>; // keyed by tpKey
  write(entries: { tp: TopicPartition; checkpoint: PartitionCheckpoint }[]): void;
}

export interface LogManagerOptions {
  dataDir: string;
  checkpoints: CheckpointStore;
  /** The effective config of a topic (defaults plus overrides). */
  configFor: (topic: string) => LogConfig;
  fileLayer?: FileLayer;
  clock?: () => number;
}

/** One partition's log, opened on first use (a Partition holds this rather than the log itself). */
export interface LazyLog {
  /** The log if it has been opened. */
  readonly opened: PartitionLog | undefined;
  /** Opens the log (recovering it first if it needs recovery); throws KAFKA_STORAGE_ERROR if it cannot. */
  open(): PartitionLog;
  /** The catalog's checkpoint, read at start-up: what is known of the log before it is opened. */
  readonly checkpoint: PartitionCheckpoint | undefined;
  /** Whether its files were closed cleanly: then the checkpoint is exact (the recovery point is the log end). */
  readonly clean: boolean;
}

interface Entry {
  tp: TopicPartition;
  log: PartitionLog | undefined;
  checkpoint: PartitionCheckpoint | undefined;
  /** Whether its files were last closed cleanly (false: recover them at open). */
  clean: boolean;
}

export class LogManager {
  private readonly entries = new Map<string, Entry>();
  private readonly fileLayer: FileLayer;
  private readonly clock: () => number;
  readonly hadCleanShutdown: boolean;

  private constructor(private readonly opts: LogManagerOptions) {
    this.fileLayer = opts.fileLayer ?? nodeFileLayer;
    this.clock = opts.clock ?? Date.now;
    this.fileLayer.mkdirp(opts.dataDir);
    const marker = path.join(opts.dataDir, CLEAN_SHUTDOWN_FILE);
    const markerContent = this.fileLayer.readFile(marker);
    this.hadCleanShutdown = markerContent !== null;
    const unrecovered = new Set((markerContent?.toString('utf8') ?? '').split('\n').filter((l) => l.length > 0));
    const checkpoints = opts.checkpoints.read();
    for (const name of this.fileLayer.readdir(opts.dataDir)) {
      const tp = parsePartitionDirName(name);
      if (!tp) continue;
      const k = tpKey(tp);
      this.entries.set(k, { tp, log: undefined, checkpoint: checkpoints.get(k), clean: this.hadCleanShutdown && !unrecovered.has(name) });
    }
    // From here on a crash must not be mistaken for a clean shutdown.
    if (this.hadCleanShutdown) {
      this.fileLayer.unlink(marker);
      this.fileLayer.syncDir(opts.dataDir);
    }
  }

  static open(opts: LogManagerOptions): LogManager {
    return new LogManager(opts);
  }

  /** The log of a partition with a directory here, opened if it was not yet; undefined if there is none. */
  get(tp: TopicPartition): PartitionLog | undefined {
    const e = this.entries.get(tpKey(tp));
    return e && this.openEntry(e);
  }

  getOrCreate(tp: TopicPartition, config?: LogConfig): PartitionLog {
    return this.openEntry(this.entry(tp), config);
  }

  /** A partition's log without opening it: the replica manager hands this to the partition. */
  lazy(tp: TopicPartition): LazyLog {
    const e = this.entry(tp);
    return {
      get opened() {
        return e.log;
      },
      open: () => this.openEntry(e),
      get checkpoint() {
        return e.checkpoint;
      },
      get clean() {
        return e.clean;
      },
    };
  }

  /** Whether the log is open (tests and stats). */
  isOpen(tp: TopicPartition): boolean {
    return this.entries.get(tpKey(tp))?.log !== undefined;
  }

  private entry(tp: TopicPartition): Entry {
    const k = tpKey(tp);
    let e = this.entries.get(k);
    if (!e) {
      // A partition new to this broker: nothing on disk to recover.
      e = { tp, log: undefined, checkpoint: undefined, clean: true };
      this.entries.set(k, e);
    }
    return e;
  }

  private openEntry(e: Entry, config?: LogConfig): PartitionLog {
    if (e.log) return e.log;
    const log = PartitionLog.open({
      dir: path.join(this.opts.dataDir, partitionDirName(e.tp)),
      config: config ?? this.opts.configFor(e.tp.topic),
      fileLayer: this.fileLayer,
      clock: this.clock,
      checkpoint: e.checkpoint,
      cleanShutdown: e.clean,
    });
    e.log = log;
    return log;
  }

  /** flush.ms: flushes the open logs whose oldest unflushed append is older than their flush.ms. */
  flushDue(now = this.clock()): void {
    // Every second over every log: no array, one clock read.
    for (const e of this.entries.values()) e.log?.maybeFlush(now);
  }

  /** The open logs. */
  all(): { tp: TopicPartition; log: PartitionLog }[] {
    const open: { tp: TopicPartition; log: PartitionLog }[] = [];
    for (const { tp, log } of this.entries.values()) if (log) open.push({ tp, log });
    return open;
  }

  /** Every partition with a log here, open or not. */
  known(): TopicPartition[] {
    return [...this.entries.values()].map((e) => e.tp);
  }

  delete(tp: TopicPartition): void {
    const e = this.entries.get(tpKey(tp));
    if (!e) return;
    if (e.log) e.log.delete();
    else this.fileLayer.rmdir(path.join(this.opts.dataDir, partitionDirName(tp)));
    this.entries.delete(tpKey(tp));
  }

  /**
   * A log that failed (its partition went offline): its files are closed without a flush and the next open
   * recovers it as after a crash, re-validating everything above the recovery point.
   */
  closeFailed(tp: TopicPartition): void {
    const e = this.entries.get(tpKey(tp));
    if (!e?.log) return;
    try {
      e.log.closeWithoutFlush();
    } catch {
      // Closing a failed log's descriptors can fail too; the reopen starts from the files either way.
    }
    e.log = undefined;
    e.clean = false;
  }

  /** Re-reads a topic's config into its open logs (after AlterConfigs); the others read it when they open. */
  updateConfig(topic: string): void {
    const config = this.opts.configFor(topic);
    for (const { tp, log } of this.all()) if (tp.topic === topic) log.updateConfig(config);
  }

  writeCheckpoints(): void {
    this.opts.checkpoints.write(this.all().map(({ tp, log }) => ({ tp, checkpoint: log.checkpoint() })));
  }

  /** Periodic maintenance (every log.retention.check.interval.ms); returns what it did for the caller to log. */
  tick(now = this.clock()): { flushed: number; segmentsDeleted: number } {
    let flushed = 0;
    let segmentsDeleted = 0;
    for (const { log } of this.all()) {
      const before = log.recoveryPoint;
      log.maybeFlush(now);
      if (log.recoveryPoint !== before) flushed++;
      segmentsDeleted += log.deleteOldSegments(now);
      log.producerState.removeExpiredProducers(now);
    }
    this.writeCheckpoints();
    return { flushed, segmentsDeleted };
  }

  /**
   * One pass of the log cleaner over the compacted logs (every log.cleaner.backoff.ms, as Kafka's cleaner
   * wakes when it found nothing to do); each log decides from its dirty ratio and lags whether to clean.
   */
  cleanCompacted(now = this.clock()): CleanResult[] {
    const cleaned: CleanResult[] = [];
    for (const { log } of this.all()) {
      if (!log.logConfig.cleanupPolicy.compact) continue;
      const r = cleanLog(log, { now, fileLayer: this.fileLayer });
      if (r) cleaned.push(r);
    }
    return cleaned;
  }

  /**
   * Clean shutdown: flush and close every open log, write checkpoints, then the marker — naming the logs that
   * still await recovery from an unclean start, so the next start recovers them and trusts the rest.
   */
  close(): void {
    for (const { log } of this.all()) log.close();
    this.writeCheckpoints();
    const unrecovered = [...this.entries.values()].filter((e) => !e.log && !e.clean).map((e) => partitionDirName(e.tp) + '\n');
    this.fileLayer.writeFileAtomic(path.join(this.opts.dataDir, CLEAN_SHUTDOWN_FILE), Buffer.from(unrecovered.join(''), 'utf8'));
  }

  /** Crash: close file handles without flushing, checkpointing or marking (tests and killBroker). */
  closeWithoutFlush(): void {
    for (const { log } of this.all()) log.closeWithoutFlush();
  }
}
