// Starting the whole backend for a host: the local cluster (engine), the console database, and the console
// connected to the cluster's brokers. Both hosts (Electron main, `streamlab serve`) start through here.
// The cluster's security is the Settings screen's mode unless the command line names one; Settings can
// restart the cluster on another mode (the same data dir, broker count and ports), after which `cluster`
// is the new one and the hosts hear of it through onClusterRestart.
//
// The brokers start first: the console's modules (its Kafka client, the schema codecs) take longer to load
// than the brokers take to start, so they are imported only once the brokers accept clients.

import path from 'node:path';
import { parseBrokerConfigs, startCluster, type Cluster, type ClusterOptions, type SecurityConfig } from '../../../engine/index.ts';
import type { Console } from './console.ts';
import { openConsoleDb } from '../stores/db.ts';
import { clusterSecurity, consoleAdmin } from '../stores/local-security.ts';

export interface Backend {
  /** The running cluster (a new object after a restart on another security mode). */
  readonly cluster: Cluster;
  console: Console;
  /** Called after the cluster restarted on another security mode (hosts reconnect what they run on it). */
  onClusterRestart(listener: (cluster: Cluster) => void | Promise<void>): void;
  /** Console first (its clients disconnect cleanly), then the brokers (clean shutdown). */
  stop(): Promise<void>;
}

export interface BackendOptions {
  /** The app data dir: the cluster lives in <appDir>/cluster unless clusterDir says otherwise. */
  clusterDir: string;
  consoleDbFile: string;
  /** Brokers to start; default: the 'defaultBrokerCount' setting (3 until changed in Settings). */
  brokers?: number;
  basePort: number;
  /** Kafka broker settings by name (--broker-config), validated with Kafka's messages. */
  brokerConfig?: Readonly<Record<string, string>>;
  host: 'electron' | 'web';
  version: string;
  log?: (msg: string) => void;
  /** The cluster's listeners and users at start (--security); default: the Settings screen's mode. */
  security?: Partial<SecurityConfig>;
  /** Called as soon as the brokers accept clients, before the console loads. */
  onClusterStarted?: (cluster: Cluster) => void;
}

export async function startBackend(opts: BackendOptions): Promise<Backend> {
  const db = openConsoleDb(opts.consoleDbFile);
  const base = (): ClusterOptions => ({
    dataDir: opts.clusterDir, brokers: opts.brokers ?? db.settings().defaultBrokerCount, basePort: opts.basePort, log: opts.log,
    // The Settings screen's broker defaults, under what the command line gives.
    brokerConfig: parseBrokerConfigs({ ...db.settings().brokerDefaults, ...opts.brokerConfig }),
  });
  const savedSecurity = () => clusterSecurity(db.settings().localSecurity, consoleAdmin(db));
  let cluster: Cluster;
  try {
    cluster = await startCluster({ ...base(), security: opts.security ?? savedSecurity() });
  } catch (e) {
    db.close();
    throw e;
  }
  opts.onClusterStarted?.(cluster);
  const restartListeners: ((c: Cluster) => void | Promise<void>)[] = [];
  let current: Partial<SecurityConfig> = opts.security ?? savedSecurity();
  // Stop, then start on the saved mode; if that start fails the cluster comes back on the mode it had.
  const restartLocal = async () => {
    const next = savedSecurity();
    const brokers = cluster.status().length;
    const basePort = opts.basePort === 0 ? 0 : cluster.status()[0]?.port ?? opts.basePort;
    await cluster.stop();
    try {
      cluster = await startCluster({ ...base(), brokers, basePort, security: next });
      current = next;
    } catch (e) {
      cluster = await startCluster({ ...base(), brokers, basePort, security: current });
      throw e;
    } finally {
      for (const l of restartListeners) await Promise.resolve(l(cluster)).catch((e: unknown) => opts.log?.(`after the cluster restart: ${String(e)}`));
    }
    const { localConnectionOptions, localLifecycle } = await import('../kafka/local-cluster.ts');
    return { lifecycle: localLifecycle(cluster), connection: localConnectionOptions(cluster) };
  };
  let console: Console;
  try {
    const [{ Console }, { localConnection, localLifecycle }] = await Promise.all([import('./console.ts'), import('../kafka/local-cluster.ts')]);
    console = new Console({
      connection: localConnection(cluster), lifecycle: localLifecycle(cluster), db,
      host: opts.host, dataDir: path.dirname(opts.consoleDbFile), version: opts.version, restartLocal,
    });
  } catch (e) {
    db.close();
    await cluster.stop();
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    get cluster() {
      return cluster;
    },
    console,
    onClusterRestart: (l) => void restartListeners.push(l),
    stop: () => (stopping ??= (async () => {
      await console.close().catch(() => undefined);
      await cluster.stop();
    })()),
  };
}
