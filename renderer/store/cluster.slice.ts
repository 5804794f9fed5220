// The cluster as last read: the overview (brokers, topics, partition health), kept current by 'cluster.state'
// events and a regular refresh; the latest metrics sample; brokers with a lifecycle action in flight.
//
// Selectors that views share live here. A selector must return the same value for the same state: a fresh
// `[]` on every call makes React re-render forever (useSyncExternalStore sees a new snapshot each time).

import type { BrokerInfo, ClusterOverview, MetricsSample, TopicSummary } from '../../app/contract.ts';
import type { ShownError } from './errors.ts';

/**
 * Whether the active cluster answers: the one truth about the connection the sidebar shows. 'reading' until
 * the first overview of a connection answers; 'unreachable' with the error when the latest read failed.
 */
export type ClusterReach = { state: 'reading' } | { state: 'reachable' } | { state: 'unreachable'; error: ShownError };

export interface ClusterSlice {
  overview: ClusterOverview | null;
  overviewLoading: boolean;
  /** Brokers with an action in flight, so their buttons disable. */
  brokerBusy: Record<number, boolean>;
  metrics: MetricsSample | null;
  reach: ClusterReach;
}

export const clusterSlice = (): ClusterSlice => ({ overview: null, overviewLoading: false, brokerBusy: {}, metrics: null, reach: { state: 'reading' } });

const NO_TOPICS: readonly TopicSummary[] = Object.freeze([]);
const NO_BROKERS: readonly BrokerInfo[] = Object.freeze([]);

/** The topics as last known (none until the first overview answers). */
export const selectTopics = (s: ClusterSlice): readonly TopicSummary[] => s.overview?.topics ?? NO_TOPICS;

/** Brokers as last known: the overview, updated by 'cluster.state' events. */
export const selectBrokers = (s: ClusterSlice): readonly BrokerInfo[] => s.overview?.brokers ?? NO_BROKERS;
