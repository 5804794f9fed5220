// A broker in the cluster's own thread (ClusterOptions.isolation = 'in-process'), sharing the catalog.

import type { Catalog } from '../catalog/catalog.ts';
import { Broker } from '../broker/broker.ts';
import type { ControllerClient } from '../broker/controller-client.ts';
import type { MetadataImage } from '../broker/metadata-image.ts';
import type { BrokerHandle, BrokerStats } from './broker-handle.ts';
import type { WorkerInit } from './broker-worker.ts';
import { PartitionChangeTracker, type BrokerChanges } from './partition-changes.ts';

export class InProcessBroker implements BrokerHandle {
  private readonly changes = new PartitionChangeTracker();

  private constructor(private readonly broker: Broker) {}

  static async start(init: WorkerInit, catalog: Catalog, controller: ControllerClient, log?: (msg: string) => void): Promise<InProcessBroker> {
    const broker = await Broker.start({ ...init, catalog, controller, log });
    return new InProcessBroker(broker);
  }

  get id(): number {
    return this.broker.id;
  }
  get host(): string {
    return this.broker.host;
  }
  get port(): number {
    return this.broker.port;
  }
  async applyMetadata(image: MetadataImage): Promise<void> {
    this.broker.applyMetadata(image);
  }
  async stats(): Promise<BrokerStats> {
    return this.broker.stats();
  }
  async partitionChanges(since: number): Promise<BrokerChanges> {
    return { ...this.changes.changes(this.broker.partitionFigures(), since), listener: { ...this.broker.listenerStats } };
  }
  stop(): Promise<void> {
    return this.broker.stop();
  }
  kill(): Promise<void> {
    return this.broker.kill();
  }
}
