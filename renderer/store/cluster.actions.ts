// Reading the cluster and acting on its brokers. Broker lifecycle works on the local cluster only; the
// backend refuses it elsewhere (NOT_LOCAL_CLUSTER) and the refusal becomes a notice.

import type { Bridge, BrokerAction, ClusterStateEvent, MetricsSample } from '../../app/contract.ts';
import { StreamlabError } from '../../app/contract.ts';
import { errorOf } from './errors.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';

/** A cluster that has not answered the overview in this long is shown as unreachable (its read goes on). */
export const OVERVIEW_TIMEOUT_MS = 15_000;

/**
 * Read the overview. Its outcome is the connection's one truth (`reach`), not a notice: an unreachable
 * cluster is a state shown once, and it clears itself when the cluster answers again.
 */
export async function refreshOverview(store: AppStore, bridge: Bridge, timeoutMs = OVERVIEW_TIMEOUT_MS): Promise<void> {
  store.setState({ overviewLoading: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const slow = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StreamlabError({ name: 'TIMEOUT', message: `The cluster did not answer within ${Math.round(timeoutMs / 1000)} s.` })), timeoutMs);
    });
    const overview = await Promise.race([bridge.call('cluster.overview'), slow]);
    store.setState({ overview, reach: { state: 'reachable' } });
  } catch (e) {
    store.setState({ reach: { state: 'unreachable', error: errorOf(e) } });
  } finally {
    clearTimeout(timer);
    store.setState({ overviewLoading: false });
  }
}

export function applyClusterState(store: AppStore, ev: ClusterStateEvent): void {
  store.setState((s) => (s.overview
    ? { overview: { ...s.overview, brokers: ev.brokers, underReplicatedPartitions: ev.underReplicatedPartitions, offlinePartitions: ev.offlinePartitions } }
    : {}));
}

export function applyMetrics(store: AppStore, sample: MetricsSample): void {
  store.setState({ metrics: sample });
}

export async function brokerAction(store: AppStore, bridge: Bridge, brokerId: number, action: BrokerAction): Promise<void> {
  store.setState((s) => ({ brokerBusy: { ...s.brokerBusy, [brokerId]: true } }));
  try {
    const brokers = await bridge.call('brokers.action', { brokerId, action });
    store.setState((s) => (s.overview ? { overview: { ...s.overview, brokers } } : {}));
    await refreshOverview(store, bridge);
  } catch (e) {
    reportError(store, `${action[0].toUpperCase()}${action.slice(1)} broker ${brokerId}`, e);
  } finally {
    store.setState((s) => ({ brokerBusy: { ...s.brokerBusy, [brokerId]: false } }));
  }
}

export async function addBroker(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    const brokers = await bridge.call('brokers.add');
    store.setState((s) => (s.overview ? { overview: { ...s.overview, brokers } } : {}));
    await refreshOverview(store, bridge);
  } catch (e) {
    reportError(store, 'Add a broker', e);
  }
}
