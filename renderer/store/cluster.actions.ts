// Reading the cluster and acting on its brokers. Broker lifecycle works on the local cluster only; the
// backend refuses it elsewhere (NOT_LOCAL_CLUSTER) and the refusal becomes a notice.

import type { Bridge, BrokerAction, ClusterStateEvent, MetricsSample } from '../../app/contract.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';

export async function refreshOverview(store: AppStore, bridge: Bridge): Promise<void> {
  store.setState({ overviewLoading: true });
  try {
    const overview = await bridge.call('cluster.overview');
    store.setState({ overview });
  } catch (e) {
    reportError(store, 'Read the cluster', e);
  } finally {
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
