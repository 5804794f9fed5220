// A local cluster: the controller (owning the catalog at <dataDir>/catalog.db) and N brokers, broker i
// listening on basePort + i - 1 (basePort 0: any free port each) with its data in <dataDir>/broker-<i>/.
// Each broker runs in its own worker thread unless isolation is 'in-process'.
//
// Start: brokers come up, then the controller marks them alive together (one election). Stop: every broker
// stops cleanly at once (no leadership moves in between). stopBroker is a controlled shutdown; killBroker
// ends the broker's thread with nothing flushed; startBroker restarts one (it recovers and catches up).
//
// Lifecycle changes are serialised: start, stop, kill, restart, add and the cluster's own stop run one at a
// time, in the order they were asked for, whichever caller asked (the UI, the control endpoint, a test).
// A restart racing a kill of the same broker therefore ends in the state of whichever was asked last, and
// each caller is told what its own change did (a BrokerChange: the state before and after).
//
// The controller is this object's own: callers see the brokers, the partitions and the event stream, and
// change topics over the Kafka protocol like any other client.

import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { Catalog } from '../catalog/catalog.ts';
import { readShareGroupState, type SharePartitionState } from './share-state-view.ts';
import { brokerConfig, type BrokerConfig } from '../broker/broker-config.ts';
import type { MetadataImage } from '../broker/metadata-image.ts';
import { Controller } from './controller.ts';
import type { BrokerHandle, BrokerStats } from './broker-handle.ts';
import type { BrokerChanges } from './partition-changes.ts';
import { WorkerBroker } from './worker-broker.ts';
import { InProcessBroker } from './in-process-broker.ts';
import type { WorkerInit } from './broker-worker.ts';
import { diffImages, explainEvents, type ClusterEvent, type ExplainedClusterEvent } from './cluster-events.ts';
import { securityConfig, usesSasl, usesTls, type SecurityConfig, type SecurityProtocol, type SecurityUser } from '../broker/security/security-config.ts';
import { loadOrCreateClusterTls } from '../broker/security/certificates.ts';
import type { ListenerTls } from '../broker/security/broker-security.ts';
import type { ConnectOptions } from '../client/connection.ts';
import { DescriptorBudget } from '../storage/file-handle-pool.ts';
import { readDescriptorLimit, storageDescriptorBudget } from '../storage/descriptor-limit.ts';

export interface ClusterOptions {
  dataDir: string;
  brokers?: number;
  /** First broker's port; 0 picks free ports. */
  basePort?: number;
  host?: string;
  brokerConfig?: Partial<BrokerConfig>;
  /** 'worker' (default): one worker thread per broker. 'in-process': all in this thread. */
  isolation?: 'worker' | 'in-process';
  log?: (msg: string) => void;
  /** The listeners' security (default PLAINTEXT); TLS material is made once in <dataDir>/tls/. */
  security?: Partial<SecurityConfig>;
}

/** What a client needs to know to connect to a secured cluster. */
export interface ClusterSecurityInfo {
  protocol: SecurityProtocol;
  saslMechanisms: string[];
  /** The CA certificate clients trust (ssl.ca.location), for TLS listeners. */
  caFile?: string;
  /** A super user for tools and the console. */
  admin: SecurityUser;
  authorizer: boolean;
  sslClientAuth: SecurityConfig['sslClientAuth'];
  /**
   * A certificate the brokers take for a super user (theirs), for the cluster's own tools on an SSL listener
   * that demands client certificates.
   */
  adminCertificate?: { certFile: string; keyFile: string };
}

/** 'failed': the broker's worker died on its own (an uncaught error); `reason` in its status says why. */
export type BrokerState = 'running' | 'stopped' | 'failed';

export interface BrokerStatus {
  id: number;
  host: string;
  port: number;
  state: BrokerState;
  /** Why a 'failed' broker died. */
  reason?: string;
}

export type LifecycleAction = 'start' | 'stop' | 'kill' | 'restart' | 'add';

/** What one lifecycle change did, told to the caller that asked for it. */
export interface BrokerChange {
  broker: number;
  action: LifecycleAction;
  /** 'absent': the broker did not exist before (add, or a start of a new id). */
  before: BrokerState | 'absent';
  after: BrokerState;
}

export interface PartitionStatus {
  topic: string;
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
}

/** Where broker `id` keeps its logs (read-only inspection finds partitions there too). */
export function brokerDataDir(clusterDataDir: string, id: number): string {
  return path.join(clusterDataDir, `broker-${id}`);
}

export class Cluster extends EventEmitter<{ event: [ClusterEvent]; events: [ExplainedClusterEvent[]] }> {
  private readonly brokers = new Map<number, BrokerHandle>();
  private readonly ports = new Map<number, number>();
  private closed = false;
  private lastImage: MetadataImage | undefined;
  private imagesPublished = 0;
  /** The tail of the lifecycle queue: every change waits for the one before it. */
  private lifecycle: Promise<unknown> = Promise.resolve();
  /** Brokers whose worker died on its own, with the reason, until they are started again. */
  private readonly failures = new Map<number, string>();
  /** Open storage descriptors, shared by every broker of this process (file-handle-pool.ts). */
  private readonly descriptors: DescriptorBudget;

  private constructor(
    readonly dataDir: string,
    private readonly catalog: Catalog,
    private readonly controller: Controller,
    private readonly opts: ClusterOptions,
    private readonly config: BrokerConfig,
    private readonly securitySettings: { config: SecurityConfig; tls?: ListenerTls },
  ) {
    super();
    const limit = readDescriptorLimit();
    this.descriptors = new DescriptorBudget(storageDescriptorBudget(limit));
    opts.log?.(`open file limit ${limit.soft} (hard ${limit.hard}, from ${limit.source}); log files may hold ${this.descriptors.capacity} of them`);
  }

  /** How clients connect: protocol, mechanisms, the CA file (TLS) and the admin user. */
  get security(): ClusterSecurityInfo {
    const c = this.securitySettings.config;
    const admin = c.users.find((u) => c.superUsers.includes(`User:${u.name}`)) ?? c.interBrokerUser;
    return {
      protocol: c.protocol,
      saslMechanisms: [...c.saslMechanisms],
      caFile: this.securitySettings.tls ? path.join(this.dataDir, 'tls', 'ca.pem') : undefined,
      admin: { ...admin },
      authorizer: c.authorizer,
      sslClientAuth: c.sslClientAuth,
      adminCertificate: this.securitySettings.tls
        ? { certFile: path.join(this.dataDir, 'tls', 'broker.pem'), keyFile: path.join(this.dataDir, 'tls', 'broker-key.pem') }
        : undefined,
    };
  }

  static async start(opts: ClusterOptions): Promise<Cluster> {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const catalog = Catalog.open(path.join(opts.dataDir, 'catalog.db'));
    const config = brokerConfig(opts.brokerConfig);
    const controller = new Controller(catalog, config);
    const sec = securityConfig(opts.security);
    const material = usesTls(sec.protocol) ? loadOrCreateClusterTls(path.join(opts.dataDir, 'tls')) : undefined;
    const tls = material && { key: material.broker.key, cert: material.broker.cert, ca: material.ca.cert };
    if (usesSasl(sec.protocol)) await controller.seedScramUsers(sec.users);
    const cluster = new Cluster(opts.dataDir, catalog, controller, opts, config, { config: sec, tls });
    controller.onPublish((image) => cluster.published(image));
    const known = catalog.brokers.list().map((b) => b.brokerId);
    const count = Math.max(opts.brokers ?? 1, known.length);
    cluster.descriptors.expect(count);
    try {
      const ids = Array.from({ length: count }, (_, i) => i + 1);
      // The brokers start side by side: each loads and opens its logs in a thread of its own.
      const launched = await Promise.allSettled(ids.map((id) => cluster.launch(id)));
      const failed = launched.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      await controller.brokersUp(ids.map((id) => ({ id, host: cluster.host, port: cluster.ports.get(id)! })));
    } catch (e) {
      await cluster.stop();
      throw e;
    }
    return cluster;
  }

  get host(): string {
    return this.opts.host ?? '127.0.0.1';
  }

  get bootstrapServers(): string {
    // By broker id, not by which broker finished starting first (they start side by side): the first address
    // is broker 1's, on every run.
    return [...this.brokers.entries()].sort(([a], [b]) => a - b).map(([, b]) => `${b.host}:${b.port}`).join(',');
  }

  status(): BrokerStatus[] {
    return [...this.ports.entries()].sort(([a], [b]) => a - b).map(([id, port]) => {
      const reason = this.failures.get(id);
      const state: BrokerState = this.brokers.has(id) ? 'running' : reason !== undefined ? 'failed' : 'stopped';
      return reason !== undefined && state === 'failed' ? { id, host: this.host, port, state, reason } : { id, host: this.host, port, state };
    });
  }

  partitions(): PartitionStatus[] {
    return this.controller.currentImage.topics.flatMap((t) =>
      t.partitions.map((p) => ({ topic: t.name, partition: p.partition, leader: p.leader, leaderEpoch: p.leaderEpoch, replicas: p.replicas, isr: p.isr })),
    );
  }

  /** A running broker's address; its lifecycle is changed only through this object's queue. */
  broker(id: number): BrokerStatus | undefined {
    const b = this.brokers.get(id);
    return b ? { id, host: b.host, port: b.port, state: 'running' } : undefined;
  }

  /** A share group's partitions as their leaders last stored them: offsets, in-flight records, dead letters. */
  shareGroupState(groupId: string): SharePartitionState[] {
    return readShareGroupState(this.catalog, groupId);
  }

  /**
   * A running broker's partitions whose log figures changed after its answer numbered `since` (0: all), so
   * a reader polling every second costs nothing per partition that did not move (partition-changes.ts).
   */
  partitionChanges(id: number, since = 0): Promise<BrokerChanges> {
    const b = this.brokers.get(id);
    if (!b) return Promise.reject(new Error(`broker ${id} is not running`));
    return b.partitionChanges(since);
  }

  /** Counts metadata images published: unchanged while leaders, ISRs, topics and brokers stay as they are. */
  get metadataVersion(): number {
    return this.imagesPublished;
  }

  /** Broker-internal figures (listener counters, logs) of a running broker. */
  brokerStats(id: number): Promise<BrokerStats> {
    const b = this.brokers.get(id);
    if (!b) return Promise.reject(new Error(`broker ${id} is not running`));
    return b.stats();
  }

  /** How the engine's own clients (TopicAdmin, KafkaConnection) connect to this cluster as its admin. */
  adminConnectOptions(): Pick<ConnectOptions, 'tls' | 'sasl'> {
    const c = this.securitySettings.config;
    const tls = this.securitySettings.tls;
    if (usesSasl(c.protocol)) {
      const admin = this.security.admin;
      // PLAIN when the listeners offer it, else a SCRAM mechanism they offer (known users have SCRAM credentials).
      const mechanism = c.saslMechanisms.includes('PLAIN') ? 'PLAIN' : c.saslMechanisms[0] ?? 'PLAIN';
      return { sasl: { mechanism, user: admin.name, password: admin.password }, ...(tls ? { tls: { ca: tls.ca } } : {}) };
    }
    // SSL alone: the brokers' own certificate, which they take for the inter-broker super user.
    return tls ? { tls: { ca: tls.ca, cert: tls.cert, key: tls.key } } : {};
  }

  private published(image: MetadataImage): void {
    this.imagesPublished++;
    const before = this.lastImage;
    const events = diffImages(before, image);
    this.lastImage = image;
    for (const e of events) this.emit('event', e);
    if (events.length) this.emit('events', explainEvents(before, image, events, Date.now()));
  }

  private portFor(id: number): number {
    const known = this.ports.get(id);
    if (known !== undefined) return known;
    const base = this.opts.basePort ?? 9092;
    return base === 0 ? 0 : base + id - 1;
  }

  private async launch(id: number): Promise<BrokerHandle> {
    if (this.brokers.has(id)) throw new Error(`broker ${id} is already running`);
    const init: WorkerInit = {
      id,
      host: this.host,
      port: this.portFor(id),
      dataDir: brokerDataDir(this.dataDir, id),
      catalogFile: path.join(this.dataDir, 'catalog.db'),
      config: this.config,
      security: this.securitySettings,
      descriptors: this.descriptors.shared,
    };
    this.descriptors.join();
    let broker: BrokerHandle;
    try {
      broker = this.opts.isolation === 'in-process'
        ? await InProcessBroker.start(init, this.catalog, this.controller, this.opts.log)
        : await WorkerBroker.start(init, this.controller, this.opts.log, (reason) => this.brokerFailed(id, broker, reason));
    } catch (e) {
      this.descriptors.leave();
      throw e;
    }
    this.failures.delete(id);
    this.brokers.set(id, broker);
    this.ports.set(id, broker.port);
    await this.controller.attach(id, (image) => broker.applyMetadata(image));
    return broker;
  }

  /** Starts a stopped broker (or a new one with this id) and announces it to the controller. */
  startBroker(id: number): Promise<BrokerChange> {
    return this.serialised(async () => {
      const before = this.stateOf(id);
      if (before !== 'running') await this.doStart(id);
      return { broker: id, action: 'start', before, after: 'running' };
    });
  }

  /** Adds a broker with the next free id. */
  async addBroker(): Promise<number> {
    const change = await this.serialised(async (): Promise<BrokerChange> => {
      const id = Math.max(0, ...this.ports.keys()) + 1;
      await this.doStart(id);
      return { broker: id, action: 'add', before: 'absent', after: 'running' };
    });
    return change.broker;
  }

  /** Controlled shutdown: leadership moves away first, then the broker stops cleanly. */
  stopBroker(id: number): Promise<BrokerChange> {
    return this.serialised(async () => {
      const before = this.known(id);
      await this.doStop(id);
      this.failures.delete(id);
      return { broker: id, action: 'stop', before, after: 'stopped' };
    });
  }

  /** Hard kill: the broker's thread ends at once, nothing flushed; the controller then fails it over. */
  killBroker(id: number): Promise<BrokerChange> {
    return this.serialised(async () => {
      const before = this.known(id);
      await this.doKill(id);
      this.failures.delete(id);
      return { broker: id, action: 'kill', before, after: 'stopped' };
    });
  }

  /**
   * Fault injection: a running broker's worker throws an uncaught error, as a bug in it would; the cluster
   * then marks it 'failed' with the error and fails its partitions over. Worker isolation only.
   */
  simulateCrash(id: number, message = 'simulated crash'): void {
    const b = this.brokers.get(id);
    if (!(b instanceof WorkerBroker)) throw new Error(`broker ${id} is not running in a worker`);
    b.crash(message);
  }

  /** A controlled stop (if it runs) and a start, as one change: nothing else happens to the cluster in between. */
  restartBroker(id: number): Promise<BrokerChange> {
    return this.serialised(async () => {
      const before = this.known(id);
      await this.doStop(id);
      await this.doStart(id);
      return { broker: id, action: 'restart', before, after: 'running' };
    });
  }

  /**
   * A broker's worker died on its own: the cluster treats it as a kill (the controller fails its partitions
   * over) and remembers why, so the UI can show the reason and offer a restart.
   */
  private brokerFailed(id: number, broker: BrokerHandle, reason: string): void {
    this.opts.log?.(`broker ${id} failed: ${reason}`);
    void this.serialised(async () => {
      if (this.brokers.get(id) !== broker) return;
      this.brokers.delete(id);
      this.controller.detach(id);
      this.descriptors.leave();
      this.failures.set(id, reason);
      await this.controller.setBroker(id, this.host, broker.port, false);
    }).catch(() => undefined);
  }

  /** Runs one lifecycle change after every change asked for before it, whether those succeeded or not. */
  private serialised<T>(change: () => Promise<T>): Promise<T> {
    const run = () => (this.closed ? Promise.reject(new Error('the cluster is stopped')) : change());
    const next = this.lifecycle.then(run, run);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  private stateOf(id: number): BrokerState | 'absent' {
    if (this.brokers.has(id)) return 'running';
    if (this.failures.has(id)) return 'failed';
    return this.ports.has(id) ? 'stopped' : 'absent';
  }

  /** The state of a broker that must exist. */
  private known(id: number): BrokerState {
    const s = this.stateOf(id);
    if (s === 'absent') throw new Error(`no broker ${id} in this cluster`);
    return s;
  }

  private async doStart(id: number): Promise<void> {
    const broker = await this.launch(id);
    await this.controller.setBroker(id, this.host, broker.port, true);
  }

  private async doStop(id: number): Promise<void> {
    const b = this.brokers.get(id);
    if (!b) return;
    await this.controller.controlledShutdown(id);
    this.brokers.delete(id);
    this.controller.detach(id);
    await b.stop();
    this.descriptors.leave();
    await this.controller.setBroker(id, this.host, b.port, false);
  }

  private async doKill(id: number): Promise<void> {
    const b = this.brokers.get(id);
    if (!b) return;
    this.brokers.delete(id);
    this.controller.detach(id);
    await b.kill();
    this.descriptors.leave();
    await this.controller.setBroker(id, this.host, b.port, false);
  }

  /** Clean shutdown of every broker, then the catalog; after the lifecycle changes already asked for. */
  stop(): Promise<void> {
    const next = this.lifecycle.then(() => this.shutdown());
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  private async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const all = [...this.brokers.entries()];
    this.brokers.clear();
    for (const [id] of all) this.controller.detach(id);
    await Promise.all(all.map(([, b]) => b.stop()));
    for (const [id] of all) this.catalog.brokers.setState(id, 'stopped');
    this.catalog.close();
  }
}
