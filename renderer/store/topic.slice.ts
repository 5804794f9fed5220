// The open topic: its description (partitions, configs) and its partitions' segments.

import type { TopicDetail, TopicSegments } from '../../app/contract.ts';

/** A consumer group reading the open topic, with its lag on this topic alone. */
export interface TopicGroup { groupId: string; state: string; members: number; lag: number; uncommitted: number }

export interface TopicSlice {
  /** Groups with offsets or members on `topic`. */
  topicGroups: { topic: string; groups: TopicGroup[] } | null;
  selectedTopic: string | null;
  topicDetail: TopicDetail | null;
  /** Segments of `topic` (read from the brokers of the local cluster; unavailable elsewhere). */
  segments: { topic: string; data: TopicSegments } | null;
}

export const topicSlice = (): TopicSlice => ({ topicGroups: null, selectedTopic: null, topicDetail: null, segments: null });

/** The segments of `topic`, or null while they are not read yet. */
export const selectSegments = (s: TopicSlice, topic: string): TopicSegments | null => (s.segments?.topic === topic ? s.segments.data : null);
