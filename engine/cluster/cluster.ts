// A local cluster: the controller (owning the catalog at <dataDir>/catalog.db) and N brokers, broker i
// listening on basePort + i - 1 (basePort 0: any free port each) with its data in <dataDir>/broker-<i>/.

import fs from 'node:fs';
import path from 'node:path';
import { Catalog } from '../catalog/catalog.ts';
import { Broker } from '../broker/broker.ts';
import { brokerConfig, type BrokerConfig } from '../broker/broker-config.ts';
import { Controller } from './controller.ts';

export interface ClusterOptions {
  dataDir: string;
  brokers?: number;
  /** First broker's port; 0 picks free ports. */
  basePort?: number;
  host?: string;
  brokerConfig?: Partial<BrokerConfig>;
  log?: (msg: string) => void;
}

export interface BrokerStatus {
  id: number;
  host: string;
  port: number;
  state: 'running' | 'stopped';
}

export class Cluster {
  private readonly brokers = new Map<number, Broker>();
  private readonly ports = new Map<number, number>();
  private closed = false;

  private constructor(
    readonly dataDir: string,
    readonly catalog: Catalog,
    readonly controller: Controller,
    private readonly opts: ClusterOptions,
    private readonly config: BrokerConfig,
  ) {}

  static async start(opts: ClusterOptions): Promise<Cluster> {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const catalog = Catalog.open(path.join(opts.dataDir, 'catalog.db'));
    const config = brokerConfig(opts.brokerConfig);
    const controller = new Controller(catalog, config);
    const cluster = new Cluster(opts.dataDir, catalog, controller, opts, config);
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

  broker(id: number): Broker | undefined {
    return this.brokers.get(id);
  }

  private portFor(id: number): number {
    const known = this.ports.get(id);
    if (known !== undefined) return known;
    const base = this.opts.basePort ?? 9092;
    return base === 0 ? 0 : base + id - 1;
  }

  /** Starts (or restarts) a broker and announces it to the controller. */
  async startBroker(id: number): Promise<Broker> {
    const broker = await this.launch(id);
    await this.controller.setBroker(id, this.host, broker.port, true);
    return broker;
  }

  private async launch(id: number): Promise<Broker> {
    if (this.brokers.has(id)) throw new Error(`broker ${id} is already running`);
    const broker = await Broker.start({
      id,
      host: this.host,
      port: this.portFor(id),
      dataDir: path.join(this.dataDir, `broker-${id}`),
      catalog: this.catalog,
      controller: this.controller,
      config: this.config,
      log: this.opts.log,
    });
    this.brokers.set(id, broker);
    this.ports.set(id, broker.port);
    await this.controller.attach(id, (image) => broker.applyMetadata(image));
    return broker;
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
    // Stop every broker at once: no leadership moves in between, and the next start finds the same leaders.
    const all = [...this.brokers.entries()];
    this.brokers.clear();
    for (const [id] of all) this.controller.detach(id);
    await Promise.all(all.map(([, b]) => b.stop()));
    for (const [id] of all) this.catalog.brokers.setState(id, 'stopped');
    this.catalog.close();
  }
}
