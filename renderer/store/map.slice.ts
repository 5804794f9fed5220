// The cluster map as last read, the timeline of cluster events (newest first, bounded: the local cluster's own
// events, or for an external cluster read off successive maps), and the latest leader moves, so the map can
// draw them.

import type { ClusterMap } from '../../app/contract.ts';
import type { ClusterEvent } from './cluster-events.ts';

export const TIMELINE_MAX = 500;

export interface LeaderMove { from: number; to: number; epoch: number; at: number }

export interface MapSlice {
  clusterMap: ClusterMap | null;
  timeline: ClusterEvent[];
  /** By `topic-partition`: the latest leader move, kept while it is drawn. */
  leaderMoves: Record<string, LeaderMove>;
  /**
   * Where the timeline comes from: 'events', the local cluster's own (exact, with history); 'polled', read off
   * successive maps (an external cluster); null until the console has said which.
   */
  timelineSource: 'events' | 'polled' | null;
  /** Events up to this time were cleared by the user: a reloaded history leaves them out. */
  timelineClearedAt: number;
}

export const mapSlice = (): MapSlice => ({ clusterMap: null, timeline: [], leaderMoves: {}, timelineSource: null, timelineClearedAt: 0 });
