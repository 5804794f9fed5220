// A local cluster: the controller (owning the catalog at <dataDir>/catalog.db) and N brokers, broker i
// listening on basePort + i - 1 (basePort 0: any free port each) with its data in <dataDir>/broker-<i>/.
// Each broker runs in its own worker thread unless isolation is 'in-process'.
//
// Start: brokers come up, then the controller marks them alive together (one election). Stop: every broker
// stops cleanly at once (no leadership moves in between). stopBroker is a controlled shutdown; killBroker
// ends the broker's thread with nothing flushed; startBroker restarts one (it recovers and catches up).

import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { Catalog } from '../catalog/catalog.ts';
import { brokerConfig, type BrokerConfig } from '../broker/broker-config.ts';
import type { MetadataImage } from '../broker/metadata-image.ts';
import { Controller } from './controller.ts';
import type { BrokerHandle, BrokerStats } from './broker-handle.ts';
import { WorkerBroker } from './worker-broker.ts';
import { InProcessBroker } from './in-process-broker.ts';
import type { WorkerInit } from './broker-worker.ts';
import { diffImages, type ClusterEvent } from './cluster-events.ts';

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
}

export interface BrokerStatus {
  id: number;
  host: string;
  port: number;
  state: 'running' | 'stopped';
}

export interface PartitionStatus {
  topic: string;
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
}

export class Cluster extends EventEmitter<{ event: [ClusterEvent] }> {
  private readonly brokers = new Map<number, BrokerHandle>();
  private readonly ports = new Map<number, number>();
  private closed = false;
  private lastImage: MetadataImage | undefined;

  private constructor(
    readonly dataDir: string,
    readonly catalog: Catalog,
    readonly controller: Controller,
    private readonly opts: ClusterOptions,
    private readonly config: BrokerConfig,
  ) {
    super();
  }

  static async start(opts: ClusterOptions): Promise<Cluster> {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const catalog = Catalog.open(path.join(opts.dataDir, 'catalog.db'));
    const config = brokerConfig(opts.brokerConfig);
    const controller = new Controller(catalog, config);
    const cluster = new Cluster(opts.dataDir, catalog, controller, opts, config);
    controller.onPublish((image) => cluster.published(image));
    const known = catalog.brokers.list().map((b) => b.brokerId);
    const count = Math.max(opts.brokers ?? 1, known.length);
    try {
      const ids = Array.from({ length: count }, (_, i) => i + 1);
      for (const id of ids) await cluster.launch(id);
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
    return [...this.brokers.values()].map((b) => `${b.host}:${b.port}`).join(',');
  }

  status(): BrokerStatus[] {
    return [...this.ports.entries()].sort(([a], [b]) => a - b).map(([id, port]) => ({
      id, host: this.host, port, state: this.brokers.has(id) ? 'running' : 'stopped',
    }));
  }

  partitions(): PartitionStatus[] {
    return this.controller.currentImage.topics.flatMap((t) =>
      t.partitions.map((p) => ({ topic: t.name, partition: p.partition, leader: p.leader, leaderEpoch: p.leaderEpoch, replicas: p.replicas, isr: p.isr })),
    );
  }

  /** A running broker's handle (id, host, port), for tools and tests. */
  broker(id: number): BrokerHandle | undefined {
    return this.brokers.get(id);
  }

  /** Broker-internal figures (listener counters, logs) of a running broker. */
  brokerStats(id: number): Promise<BrokerStats> {
    const b = this.brokers.get(id);
    if (!b) return Promise.reject(new Error(`broker ${id} is not running`));
    return b.stats();
  }

  private published(image: MetadataImage): void {
    const events = diffImages(this.lastImage, image);
    this.lastImage = image;
    for (const e of events) this.emit('event', e);
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
      dataDir: path.join(this.dataDir, `broker-${id}`),
      catalogFile: path.join(this.dataDir, 'catalog.db'),
      config: this.config,
    };
    const broker = this.opts.isolation === 'in-process'
      ? await InProcessBroker.start(init, this.catalog, this.controller, this.opts.log)
      : await WorkerBroker.start(init, this.controller, this.opts.log);
    this.brokers.set(id, broker);
    this.ports.set(id, broker.port);
    await this.controller.attach(id, (image) => broker.applyMetadata(image));
    return broker;
  }

  /** Starts (or restarts) a broker and announces it to the controller. */
  async startBroker(id: number): Promise<void> {
    const broker = await this.launch(id);
    await this.controller.setBroker(id, this.host, broker.port, true);
  }

  /** Adds a broker with the next free id. */
  async addBroker(): Promise<number> {
    const id = Math.max(0, ...this.ports.keys()) + 1;
    await this.startBroker(id);
    return id;
  }

  /** Controlled shutdown: leadership moves away first, then the broker stops cleanly. */
  async stopBroker(id: number): Promise<void> {
    const b = this.brokers.get(id);
    if (!b) return;
    await this.controller.controlledShutdown(id);
    this.brokers.delete(id);
    this.controller.detach(id);
    await b.stop();
    await this.controller.setBroker(id, this.host, b.port, false);
  }

  /** Hard kill: the broker's thread ends at once, nothing flushed; the controller then fails it over. */
  async killBroker(id: number): Promise<void> {
    const b = this.brokers.get(id);
    if (!b) return;
    this.brokers.delete(id);
    this.controller.detach(id);
    await b.kill();
    await this.controller.setBroker(id, this.host, b.port, false);
  }

  /** Clean shutdown of every broker, then the catalog. */
  async stop(): Promise<void> {
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
