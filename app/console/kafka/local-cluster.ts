// The local cluster: broker lifecycle through the engine's Cluster object (in-process, engine/index.ts
// only), everything else through a KafkaConnection bootstrapped from the brokers it runs.

import { partitionLogDir, type BrokerStats, type Cluster } from '../../../engine/index.ts';
import type { BrokerAction, BrokerState } from '../../contract.ts';
import { KafkaConnection } from './connection.ts';
import { ConsoleError } from '../service/errors.ts';

export interface BrokerLifecycle {
  status(): { id: number; host: string; port: number; state: BrokerState }[];
  act(brokerId: number, action: BrokerAction): Promise<void>;
  /** Start one more broker with the next free id; returns its id. */
  add(): Promise<number>;
  /** Broker-internal figures: listener byte counters, each hosted partition's log and segments. */
  brokerStats(brokerId: number): Promise<BrokerStats>;
  /** The directory of a partition's log on a broker, for read-only inspection of its files. */
  partitionDir(brokerId: number, topic: string, partition: number): string;
}

export function localConnection(cluster: Cluster): KafkaConnection {
  return new KafkaConnection({ bootstrapServers: cluster.bootstrapServers.split(','), clientId: 'streamlab-console' });
}

export function localLifecycle(cluster: Cluster): BrokerLifecycle {
  // The cluster runs lifecycle changes one at a time, whoever asks (this window, the CLI, a script).
  // The engine reports a killed broker as stopped; the console remembers which ones it killed, so a crash is
  // not shown as a clean shutdown.
  const killed = new Set<number>();
  return {
    status: () => cluster.status().map((b) => (b.state === 'stopped' && killed.has(b.id) ? { ...b, state: 'killed' as const } : b)),
    brokerStats: (id) => cluster.brokerStats(id),
    partitionDir: (id, topic, partition) => partitionLogDir(cluster, id, topic, partition),
    add: () => cluster.addBroker(),
    async act(brokerId, action) {
      if (!cluster.status().some((b) => b.id === brokerId)) throw new ConsoleError('NOT_FOUND', `There is no broker ${brokerId} in this cluster.`);
      if (action === 'stop') await cluster.stopBroker(brokerId);
      else if (action === 'kill') await cluster.killBroker(brokerId);
      else await cluster.restartBroker(brokerId);
      if (action === 'kill') killed.add(brokerId);
      else killed.delete(brokerId);
    },
  };
}
