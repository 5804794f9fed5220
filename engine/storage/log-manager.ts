// All partition logs of one broker's data directory.
//
// Layout: <dataDir>/<topic>-<partition>/ per partition (Kafka's naming; the partition number follows the last
// '-'), and <dataDir>/.kafka_cleanshutdown, written after every log closed cleanly and deleted as soon as the
// logs are loaded again — so its presence at start-up means the previous run flushed everything.
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

export class LogManager {
  private readonly logs = new Map<string, { tp: TopicPartition; log: PartitionLog }>();
  private readonly fileLayer: FileLayer;
  private readonly clock: () => number;
  readonly hadCleanShutdown: boolean;

  private constructor(private readonly opts: LogManagerOptions) {
    this.fileLayer = opts.fileLayer ?? nodeFileLayer;
    this.clock = opts.clock ?? Date.now;
    this.fileLayer.mkdirp(opts.dataDir);
    const marker = path.join(opts.dataDir, CLEAN_SHUTDOWN_FILE);
    this.hadCleanShutdown = this.fileLayer.exists(marker);
    const checkpoints = opts.checkpoints.read();
    for (const name of this.fileLayer.readdir(opts.dataDir)) {
      const tp = parsePartitionDirName(name);
      if (!tp) continue;
      let log: PartitionLog;
      try {
        log = PartitionLog.open({
          dir: path.join(opts.dataDir, name),
          config: opts.configFor(tp.topic),
          fileLayer: this.fileLayer,
          clock: this.clock,
          checkpoint: checkpoints.get(tpKey(tp)),
          cleanShutdown: this.hadCleanShutdown,
        });
      } catch {
        // One log that cannot be opened does not keep the others from opening: getOrCreate tries it again
        // when the partition is asked for, and the replica manager takes it offline if it still fails.
        continue;
      }
      this.logs.set(tpKey(tp), { tp, log });
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

  get(tp: TopicPartition): PartitionLog | undefined {
    return this.logs.get(tpKey(tp))?.log;
  }

  getOrCreate(tp: TopicPartition, config?: LogConfig): PartitionLog {
    const existing = this.get(tp);
    if (existing) return existing;
    const log = PartitionLog.open({
      dir: path.join(this.opts.dataDir, partitionDirName(tp)),
      config: config ?? this.opts.configFor(tp.topic),
      fileLayer: this.fileLayer,
      clock: this.clock,
    });
    this.logs.set(tpKey(tp), { tp, log });
    return log;
  }

  all(): { tp: TopicPartition; log: PartitionLog }[] {
    return [...this.logs.values()];
  }

  delete(tp: TopicPartition): void {
    const entry = this.logs.get(tpKey(tp));
    if (!entry) return;
    entry.log.delete();
    this.logs.delete(tpKey(tp));
  }

  /** Re-reads a topic's config into its open logs (after AlterConfigs). */
  updateConfig(topic: string): void {
    const config = this.opts.configFor(topic);
    for (const { tp, log } of this.logs.values()) if (tp.topic === topic) log.updateConfig(config);
  }

  writeCheckpoints(): void {
    this.opts.checkpoints.write(this.all().map(({ tp, log }) => ({ tp, checkpoint: log.checkpoint() })));
  }

  /** Periodic maintenance (every log.retention.check.interval.ms); returns what it did for the caller to log. */
  tick(now = this.clock()): { flushed: number; segmentsDeleted: number } {
    let flushed = 0;
    let segmentsDeleted = 0;
    for (const { log } of this.logs.values()) {
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
    for (const { log } of this.logs.values()) {
      if (!log.logConfig.cleanupPolicy.compact) continue;
      const r = cleanLog(log, { now, fileLayer: this.fileLayer });
      if (r) cleaned.push(r);
    }
    return cleaned;
  }

  /** Clean shutdown: flush and close every log, write checkpoints, then the marker. */
  close(): void {
    for (const { log } of this.logs.values()) log.close();
    this.writeCheckpoints();
    this.fileLayer.writeFileAtomic(path.join(this.opts.dataDir, CLEAN_SHUTDOWN_FILE), Buffer.alloc(0));
  }

  /** Crash: close file handles without flushing, checkpointing or marking (tests and killBroker). */
  closeWithoutFlush(): void {
    for (const { log } of this.logs.values()) log.closeWithoutFlush();
  }
}
