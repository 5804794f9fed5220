// The cluster map as last read, the timeline of cluster events read off successive maps (newest first,
// bounded), and the leader moves of the latest step, so the map can draw them.

import type { ClusterMap } from '../../app/contract.ts';
import type { ClusterEvent } from './cluster-events.ts';

export const TIMELINE_MAX = 500;

export interface LeaderMove { from: number; to: number; epoch: number; at: number }

export interface MapSlice {
  clusterMap: ClusterMap | null;
  timeline: ClusterEvent[];
  /** By `topic-partition`: the latest leader move, kept while it is drawn. */
  leaderMoves: Record<string, LeaderMove>;
}

export const mapSlice = (): MapSlice => ({ clusterMap: null, timeline: [], leaderMoves: {} });
