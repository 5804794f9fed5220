// The local cluster: broker lifecycle through the engine's Cluster object (in-process, engine/index.ts
// only), everything else through a KafkaConnection bootstrapped from the brokers it runs.

import type { BrokerStats, Cluster } from '../../engine/index.ts';
import type { BrokerAction, BrokerState } from '../contract.ts';
import { KafkaConnection } from './connection.ts';
import { ConsoleError } from './errors.ts';

export interface BrokerLifecycle {
  status(): { id: number; host: string; port: number; state: BrokerState }[];
  act(brokerId: number, action: BrokerAction): Promise<void>;
  /** Start one more broker with the next free id; returns its id. */
  add(): Promise<number>;
  /** Broker-internal figures: listener byte counters, each hosted partition's log and segments. */
  brokerStats(brokerId: number): Promise<BrokerStats>;
}

export function localConnection(cluster: Cluster): KafkaConnection {
  return new KafkaConnection({ bootstrapServers: cluster.bootstrapServers.split(','), clientId: 'streamlab-console' });
}

export function localLifecycle(cluster: Cluster): BrokerLifecycle {
  // One lifecycle change at a time: a restart racing a kill of the same broker would leave it half-started.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    status: () => cluster.status(),
    brokerStats: (id) => cluster.brokerStats(id),
    add() {
      const next = queue.then(() => cluster.addBroker(), () => cluster.addBroker());
      queue = next.catch(() => undefined);
      return next;
    },
    act(brokerId, action) {
      const run = async () => {
        const known = cluster.status().find((b) => b.id === brokerId);
        if (!known) throw new ConsoleError('NOT_FOUND', `There is no broker ${brokerId} in this cluster.`);
        switch (action) {
          case 'stop':
            await cluster.stopBroker(brokerId);
            break;
          case 'kill':
            await cluster.killBroker(brokerId);
            break;
          case 'restart':
            await cluster.restartBroker(brokerId);
            break;
        }
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
