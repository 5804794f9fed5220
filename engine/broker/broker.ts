// One broker: its data directory, its listener, its replicas, its group and transaction coordinators. It learns metadata only
// from the controller (applyMetadata) and forwards metadata changes to it (ControllerClient).
//
// Data directory: <dataDir>/<topic>-<partition>/ per hosted partition (engine/storage/log-manager.ts).
// Checkpoints go to the catalog, keyed by this broker's id.
//
// Stop (clean): the listener closes, logs are flushed, checkpoints and the clean-shutdown marker written.
// Kill (hard): the listener closes and file handles are dropped with nothing flushed or marked, as when the
// process dies; the next start recovers from the recovery point.

import type { Catalog } from '../catalog/catalog.ts';
import { toLogConfig } from '../catalog/topic-config.ts';
import { LogManager, type CheckpointStore } from '../storage/log-manager.ts';
import type { LogConfig } from '../storage/log-config.ts';
import type { PartitionCheckpoint } from '../storage/log-loader.ts';
import { DescriptorBudget, FileHandlePool } from '../storage/file-handle-pool.ts';
import { readDescriptorLimit, storageDescriptorBudget } from '../storage/descriptor-limit.ts';

import type { BrokerConfig } from './broker-config.ts';
import { effectiveBrokerConfig, type DynamicBrokerConfigs } from './broker-config-dynamic.ts';
import { groupConfigOverrides, type GroupConfigOverrides } from './broker-config-group.ts';
import type { ControllerClient } from './controller-client.ts';
import { Listener } from './listener.ts';
import { EMPTY_IMAGE, MetadataView, type MetadataImage } from './metadata-image.ts';
import { ReplicaManager } from './replica-manager.ts';
import type { Partition } from './partition.ts';
import { DEFAULT_FOLLOWER_MAX_WAIT_MS, ReplicaFetcher } from './replica-fetcher.ts';
import { FetchSessionCache } from './fetch-session.ts';
import { GroupCoordinator } from './group/coordinator.ts';
import { BrokerTransactions } from './txn/broker-transactions.ts';
import { consumerAssignors } from './group/consumer-groups.ts';
import type { TopicsByName } from './group/consumer/index.ts';
import { ShareGroupCoordinator } from './group/share-groups.ts';
import { SharePartitionManager } from './group/share-partition-manager.ts';
import { parseShareAutoOffsetReset } from './group/share/index.ts';
import { realScheduler } from './scheduler.ts';
import { coordinatorFor } from './handlers/groups.ts';
import type { BrokerContext } from './handlers/context.ts';
import type { BrokerStats, PartitionFigures } from './broker-stats.ts';
import { handlersByApiKey } from './handlers/index.ts';
import { BrokerSecurity, type ListenerTls } from './security/broker-security.ts';
import { usesSasl, usesTls, type SecurityConfig } from './security/security-config.ts';
import type { ConnectOptions } from '../client/connection.ts';

export interface BrokerOptions {
  id: number;
  host: string;
  port: number;
  dataDir: string;
  catalog: Catalog;
  controller: ControllerClient;
  config: BrokerConfig;
  log?: (msg: string) => void;
  /** The listener's security (default PLAINTEXT, no authorizer). */
  security?: { config: SecurityConfig; tls?: ListenerTls };
  /** The descriptor budget this broker's storage shares with the other brokers of the process (file-handle-pool.ts). */
  descriptors?: SharedArrayBuffer;
}

const PRODUCER_ID_BLOCK = 1000;

/** A broker started on its own (not by a Cluster) takes the process's whole storage budget. */
function soloBudget(): DescriptorBudget {
  const budget = new DescriptorBudget(storageDescriptorBudget(readDescriptorLimit()));
  budget.join();
  return budget;
}
const CHECKPOINT_INTERVAL_MS = 60_000;

/** The configs of a topic the image does not know (one object, so its parse is cached too). */
const NO_CONFIGS: Readonly<Record<string, string>> = Object.freeze({});

export class Broker {
  private view: MetadataView = new MetadataView(EMPTY_IMAGE);
  private listener!: Listener;
  readonly replicas: ReplicaManager;
  readonly logs: LogManager;
  readonly groups: GroupCoordinator;
  readonly txn: BrokerTransactions;
  readonly shareGroups: ShareGroupCoordinator;
  readonly sharePartitions: SharePartitionManager;
  private timers: NodeJS.Timeout[] = [];
  private producerIds = { next: 0, end: 0 };
  /** One fetcher per leader this broker follows partitions of. */
  private readonly fetchers = new Map<number, ReplicaFetcher>();
  private stopped = false;
  private topicsCache: { epoch: number; topics: TopicsByName } | null = null;
  private readonly security: BrokerSecurity | undefined;
  /** Every storage file of this broker goes through it: open descriptors stay within the budget. */
  readonly files: FileHandlePool;
  private readonly fetchSessions = new FetchSessionCache();

  private constructor(private readonly opts: BrokerOptions) {
    const catalog = opts.catalog;
    this.staticConfig = { ...opts.config };
    this.security = opts.security ? new BrokerSecurity(opts.security.config, opts.security.tls) : undefined;
    const checkpoints: CheckpointStore = {
      read: () => {
        const m = new Map<string, PartitionCheckpoint>();
        for (const c of catalog.checkpoints.readCheckpoints(opts.id)) m.set(`${c.topic}\u0000${c.partition}`, c);
        return m;
      },
      write: (entries) => {
        // Only partitions the catalog still has (a topic may have been deleted a moment ago).
        const known = entries.filter((e) => this.view.partition(e.tp.topic, e.tp.partition) !== undefined);
        catalog.checkpoints.writeCheckpoints(opts.id, known.map((e) => ({ topic: e.tp.topic, partition: e.tp.partition, ...e.checkpoint })));
      },
    };
    this.files = new FileHandlePool(opts.descriptors ? new DescriptorBudget(opts.descriptors) : soloBudget());
    this.logs = LogManager.open({ dataDir: opts.dataDir, checkpoints, configFor: (t) => this.configFor(t), fileLayer: this.files });
    this.replicas = new ReplicaManager(opts.id, this.logs, (t) => this.configFor(t), {
      replicaLagTimeMaxMs: opts.config.replicaLagTimeMaxMs,
      alterPartition: (change) => opts.controller.alterPartition(opts.id, change),
      replicaStatesChanged: (offline, online) => opts.controller.alterReplicaStates(opts.id, offline, online),
      followerChanged: (hp, topic, partition) => this.follow(hp, topic, partition),
      log: opts.log,
    });
    this.replicas.onPartitionChange((tp) => this.fetchSessions.partitionChanged(tp));
    this.groups = new GroupCoordinator({
      offsets: catalog.groupOffsets,
      partitionExists: (topic, partition) => this.view.partition(topic, partition) !== undefined,
      groupInitialRebalanceDelayMs: opts.config.groupInitialRebalanceDelayMs,
      groupMinSessionTimeoutMs: opts.config.groupMinSessionTimeoutMs,
      groupMaxSessionTimeoutMs: opts.config.groupMaxSessionTimeoutMs,
      consumerGroups: catalog.consumerGroups,
      consumerGroupConfig: {
        heartbeatIntervalMs: opts.config.groupConsumerHeartbeatIntervalMs,
        sessionTimeoutMs: opts.config.groupConsumerSessionTimeoutMs,
        maxSize: opts.config.groupConsumerMaxSize,
        assignors: consumerAssignors(opts.config.groupConsumerAssignors),
      },
      consumerGroupConfigFor: (groupId) => {
        const o = this.groupOverrides(groupId);
        return { sessionTimeoutMs: o.consumerSessionTimeoutMs, heartbeatIntervalMs: o.consumerHeartbeatIntervalMs };
      },
      topics: () => this.topicsByName(),
      owns: (groupId) => coordinatorFor(groupId, this.context())?.nodeId === opts.id,
      log: opts.log,
    });
    this.txn = new BrokerTransactions({
      brokerId: opts.id,
      catalog,
      view: () => this.view,
      allocateProducerId: () => this.nextProducerId(),
      log: opts.log,
      connection: () => this.interBrokerConnection(),
    });
    this.shareGroups = new ShareGroupCoordinator({
      store: catalog.shareState,
      topics: () => new Map(this.view.image.topics.map((t) => [t.name, { id: t.topicId, name: t.name, partitions: t.partitions.length }])),
      isCoordinator: (groupId) => coordinatorFor(groupId, this.context())?.nodeId === opts.id,
      highWatermark: (topic, partition) => this.replicas.partition(topic, partition)?.highWatermark,
      leaderEpoch: (topic, partition) => this.view.partition(topic, partition)?.leaderEpoch ?? -1,
      config: { heartbeatIntervalMs: opts.config.groupShareHeartbeatIntervalMs, sessionTimeoutMs: opts.config.groupShareSessionTimeoutMs },
      configFor: (groupId) => {
        const o = this.groupOverrides(groupId);
        return { heartbeatIntervalMs: o.shareHeartbeatIntervalMs, sessionTimeoutMs: o.shareSessionTimeoutMs };
      },
      scheduler: realScheduler,
      log: opts.log,
    });
    this.sharePartitions = new SharePartitionManager({
      brokerId: opts.id,
      store: catalog.shareState,
      replicas: this.replicas,
      view: () => this.view,
      config: {
        lockDurationMs: opts.config.groupShareRecordLockDurationMs,
        deliveryCountLimit: opts.config.groupShareDeliveryCountLimit,
        autoOffsetReset: parseShareAutoOffsetReset(opts.config.shareAutoOffsetReset),
      },
      configFor: (groupId) => {
        const o = this.groupOverrides(groupId);
        return { lockDurationMs: o.shareRecordLockDurationMs, autoOffsetReset: o.shareAutoOffsetReset, isolationLevel: o.shareIsolationLevel };
      },
      scheduler: realScheduler,
      log: opts.log,
    });
  }

  /** The topics as KIP-848 groups resolve subscriptions against them, built once per metadata image. */
  private topicsByName(): TopicsByName {
    if (this.topicsCache?.epoch !== this.view.image.epoch) {
      const topics = new Map(this.view.image.topics.map((t) => [t.name, { id: t.topicId, name: t.name, partitions: t.partitions.length }]));
      this.topicsCache = { epoch: this.view.image.epoch, topics };
    }
    return this.topicsCache.topics;
  }

  static async start(opts: BrokerOptions): Promise<Broker> {
    // The broker's own copy: dynamic configs change it in place, so every reader sees the current values.
    const b = new Broker({ ...opts, config: { ...opts.config } });
    b.listener = await Listener.start({
      host: opts.host,
      port: opts.port,
      handlers: handlersByApiKey(b.context()),
      maxRequestBytes: opts.config.socketRequestMaxBytes,
      idleMs: opts.config.connectionsMaxIdleMs,
      log: opts.log,
      onConnectionClosed: (id) => b.safely(() => b.sharePartitions.connectionClosed(id)),
      ...b.listenerSecurity(),
    });
    b.timers.push(setInterval(() => b.maintenance(false), 1000));
    b.timers.push(setInterval(() => b.safely(() => b.replicas.shrinkIsrs()), Math.max(100, Math.floor(opts.config.replicaLagTimeMaxMs / 2))));
    b.timers.push(setInterval(() => b.maintenance(true), opts.config.logRetentionCheckIntervalMs));
    b.scheduleCleaner();
    b.timers.push(setInterval(() => b.safely(() => b.logs.writeCheckpoints()), CHECKPOINT_INTERVAL_MS));
    for (const t of b.timers) t.unref();
    return b;
  }

  get id(): number {
    return this.opts.id;
  }

  get port(): number {
    return this.listener.port;
  }

  get host(): string {
    return this.opts.host;
  }

  get listenerStats() {
    return this.listener.stats;
  }

  get metadata(): MetadataView {
    return this.view;
  }

  /** Broker-internal figures for the UI: listener counters and every hosted partition's log. */
  stats(): BrokerStats {
    return {
      id: this.opts.id,
      listener: { ...this.listener.stats },
      files: this.files.stats(),
      partitions: this.replicas.all().map((hp) => {
        // Sampling must not open every log: an unopened one reports its checkpoint (no segments listed yet).
        const closed = hp.unopenedOffsets();
        if (closed) return { topic: hp.topic, partition: hp.partition, leader: hp.leader === this.opts.id, ...closed, size: 0, segments: [], opened: false };
        return {
        topic: hp.topic,
        partition: hp.partition,
        leader: hp.leader === this.opts.id,
        logStartOffset: hp.log.logStartOffset,
        logEndOffset: hp.log.logEndOffset,
        highWatermark: hp.log.highWatermark,
        size: hp.log.size(),
        segments: hp.log.segmentInfos().map((s) => ({ baseOffset: s.baseOffset, size: s.size })),
        };
      }),
    };
  }

  /** Each hosted partition's log figures without its segment list (the change tracker reads these often). */
  *partitionFigures(): Generator<PartitionFigures> {
    for (const hp of this.replicas.all()) {
      // As in stats(): reading figures must not open a log; an unopened one reports its checkpoint.
      const closed = hp.unopenedOffsets();
      if (closed) {
        yield { topic: hp.topic, partition: hp.partition, leader: hp.leader === this.opts.id, ...closed, size: 0, opened: false };
        continue;
      }
      const log = hp.log;
      yield { topic: hp.topic, partition: hp.partition, leader: hp.leader === this.opts.id, logStartOffset: log.logStartOffset, logEndOffset: log.logEndOffset, highWatermark: log.highWatermark, size: log.size() };
    }
  }

  private listenerSecurity() {
    const s = this.security;
    if (!s) return {};
    const tls = s.tls && usesTls(s.config.protocol) ? s.tls : undefined;
    return {
      sasl: s.sasl(),
      tls: tls && { ...tls, clientAuth: s.config.sslClientAuth },
      interBroker: tls && { cert: tls.cert, principal: `User:${s.config.interBrokerUser.name}` },
      authorize: s.config.authorizer ? s.authorize.bind(s) : undefined,
      authorizeByResourceType: s.config.authorizer ? s.authorizeByResourceType.bind(s) : undefined,
    };
  }

  /** How this broker's own connections to other brokers (replication) connect and authenticate. */
  private interBrokerConnection(): Pick<ConnectOptions, 'tls' | 'sasl'> {
    const s = this.security;
    if (!s) return {};
    const tls = s.tls && usesTls(s.config.protocol) ? s.tls : undefined;
    const user = s.config.interBrokerUser;
    return {
      tls: tls && { ca: tls.ca, key: tls.key, cert: tls.cert },
      sasl: usesSasl(s.config.protocol) ? { mechanism: 'PLAIN', user: user.name, password: user.password } : undefined,
    };
  }

  private configFor(topic: string): LogConfig {
    const configs = this.view.topic(topic)?.configs ?? NO_CONFIGS;
    // Parsed once per topic and image: a topic of thousands of partitions asks for it thousands of times.
    // The broker's own defaults (log.retention.ms, ...) are under the topic's overrides.
    let config = this.parsedConfigs.get(configs);
    if (!config) this.parsedConfigs.set(configs, (config = toLogConfig({ ...this.opts.config.logDefaults, ...configs })));
    return config;
  }
  private parsedConfigs = new WeakMap<object, LogConfig>();

  /** The log cleaner wakes every log.cleaner.backoff.ms (a dynamic config: rescheduled when it changes). */
  private scheduleCleaner(): void {
    if (this.cleanerTimer) clearInterval(this.cleanerTimer);
    this.cleanerTimer = setInterval(() => this.safely(() => this.logs.cleanCompacted()), this.opts.config.logCleanerBackoffMs);
    this.cleanerTimer.unref();
  }

  /**
   * Lays the image's dynamic broker configs (cluster default, then this broker's) over the static ones and
   * applies what changed: topic defaults reach every hosted log, the cleaner is rescheduled.
   */
  private applyDynamicConfigs(image: MetadataImage): void {
    const next = effectiveBrokerConfig(this.staticConfig, this.dynamicConfigs(image));
    const config = this.opts.config;
    const logDefaultsChanged = JSON.stringify(next.logDefaults) !== JSON.stringify(config.logDefaults);
    const backoffChanged = next.logCleanerBackoffMs !== config.logCleanerBackoffMs;
    Object.assign(config, next);
    if (logDefaultsChanged) {
      this.parsedConfigs = new WeakMap();
      for (const t of image.topics) this.replicas.refreshConfigs(t.name);
    }
    if (backoffChanged && this.cleanerTimer) this.scheduleCleaner();
  }

  private dynamicConfigs(image: MetadataImage): DynamicBrokerConfigs {
    return { clusterDefault: image.brokerConfigs?.[''] ?? {}, perBroker: image.brokerConfigs?.[String(this.opts.id)] ?? {} };
  }

  /** A group's GROUP configs as coordinator overrides, parsed once per stored set. */
  private groupOverrides(groupId: string): GroupConfigOverrides {
    const stored = this.view.image.groupConfigs?.[groupId];
    if (!stored) return {};
    let o = this.parsedGroupConfigs.get(stored);
    if (!o) this.parsedGroupConfigs.set(stored, (o = groupConfigOverrides(stored)));
    return o;
  }
  private readonly parsedGroupConfigs = new WeakMap<object, GroupConfigOverrides>();
  private cleanerTimer: NodeJS.Timeout | undefined;
  private readonly staticConfig: BrokerConfig;

  /** A new image from the controller; older ones are ignored. */
  applyMetadata(image: MetadataImage): void {
    if (this.stopped || image.epoch <= this.view.image.epoch) return;
    const aliveBefore = this.view.aliveBrokers().map((b) => b.id).sort((a, b) => a - b).join(',');
    this.view = new MetadataView(image);
    this.applyDynamicConfigs(image);
    this.security?.apply(image.acls, image.scramCredentials);
    this.replicas.applyMetadata(this.view);
    this.txn.applyMetadata(this.view);
    const aliveNow = this.view.aliveBrokers().map((b) => b.id).sort((a, b) => a - b).join(',');
    this.safely(() => this.groups.metadataChanged(aliveBefore !== aliveNow));
  }

  /** Moves a partition to the fetcher of its current leader (or off every fetcher when hp is undefined). */
  private follow(hp: Partition | undefined, topic: string, partition: number): void {
    for (const f of this.fetchers.values()) f.remove(topic, partition);
    if (this.stopped || !hp || hp.leader < 0 || hp.leader === this.opts.id) return;
    let fetcher = this.fetchers.get(hp.leader);
    if (!fetcher) {
      const leaderId = hp.leader;
      fetcher = new ReplicaFetcher({
        brokerId: this.opts.id,
        leaderId,
        endpoint: () => {
          const b = this.view.broker(leaderId);
          return b && b.alive ? { host: b.host, port: b.port } : undefined;
        },
        log: this.opts.log,
        connection: this.interBrokerConnection(),
        maxWaitMs: Math.min(DEFAULT_FOLLOWER_MAX_WAIT_MS, Math.max(100, Math.floor(this.opts.config.replicaLagTimeMaxMs / 4))),
      });
      this.fetchers.set(leaderId, fetcher);
    }
    fetcher.add(hp);
  }

  private async stopFetchers(): Promise<void> {
    const all = [...this.fetchers.values()];
    this.fetchers.clear();
    await Promise.all(all.map((f) => f.stop()));
  }

  private context(): BrokerContext {
    return {
      brokerId: this.opts.id,
      host: this.opts.host,
      port: this.opts.port,
      config: this.opts.config,
      staticConfig: this.staticConfig,
      dynamicConfigs: () => this.dynamicConfigs(this.view.image),
      view: () => this.view,
      replicas: this.replicas,
      controller: this.opts.controller,
      groups: this.groups,
      txn: this.txn,
      pendingTxnOffsets: this.opts.catalog.pendingTxnOffsets,
      shareGroups: this.shareGroups,
      sharePartitions: this.sharePartitions,
      configFor: (t) => this.configFor(t),
      logDir: this.opts.dataDir,
      nextProducerId: () => this.nextProducerId(),
      security: this.security,
      fetchSessions: this.fetchSessions,
    };
  }

  private async nextProducerId(): Promise<number> {
    if (this.producerIds.next >= this.producerIds.end) {
      const block = await this.opts.controller.allocateProducerIds(PRODUCER_ID_BLOCK);
      this.producerIds = { next: block.firstProducerId, end: block.firstProducerId + block.count };
    }
    return this.producerIds.next++;
  }

  private maintenance(full: boolean): void {
    this.safely(() => {
      if (full) this.logs.tick();
      else this.logs.flushDue();
    });
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.opts.log?.(`broker ${this.opts.id}: maintenance failed: ${(e as Error).message}`);
    }
  }

  /** Clean shutdown: stop serving, flush, checkpoint, mark. */
  stop(): Promise<void> {
    return this.shutdown(true);
  }

  /** Hard stop: nothing flushed, no checkpoint, no marker. */
  kill(): Promise<void> {
    return this.shutdown(false);
  }

  private async shutdown(clean: boolean): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    if (this.cleanerTimer) clearInterval(this.cleanerTimer);
    this.groups.shutdown();
    await this.txn.shutdown();
    this.shareGroups.shutdown();
    this.sharePartitions.shutdown();
    this.replicas.wakeAll();
    await this.stopFetchers();
    await this.listener.close();
    if (clean) this.logs.close();
    else this.logs.closeWithoutFlush();
  }
}

