// The open topic: its description (partitions, configs) and its partitions' segments.

import type { TopicDetail, TopicSegments } from '../../app/contract.ts';

export interface TopicSlice {
  selectedTopic: string | null;
  topicDetail: TopicDetail | null;
  /** Segments of `topic` (read from the brokers of the local cluster; unavailable elsewhere). */
  segments: { topic: string; data: TopicSegments } | null;
}

export const topicSlice = (): TopicSlice => ({ selectedTopic: null, topicDetail: null, segments: null });

/** The segments of `topic`, or null while they are not read yet. */
export const selectSegments = (s: TopicSlice, topic: string): TopicSegments | null => (s.segments?.topic === topic ? s.segments.data : null);
