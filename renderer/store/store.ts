// The UI state: one zustand store made of slices (zustand's slices pattern). State only; the actions that
// talk to the backend are plain module functions in actions.ts, so bridge events can update the store
// from outside React and tests can drive it without a DOM.

import { createStore } from 'zustand/vanilla';
import type {
  BrokerInfo, ClusterOverview, ConsumedRecord, GroupDetail, GroupSummary, MetricsSample, ProduceResult, Theme, TopicDetail,
} from '../../app/contract.ts';

export type Screen = 'cluster' | 'topics' | 'topic' | 'messages' | 'produce' | 'groups';

export interface Notice {
  id: number;
  /** Kafka's error name (TOPIC_ALREADY_EXISTS) or the console's (INVALID_JSON). */
  name: string;
  message: string;
  /** What the user was doing: "Create topic", "Kill broker 2". */
  action: string;
}

export interface UiSlice {
  screen: Screen;
  theme: Theme;
  connected: boolean;
  errors: Notice[];
}

export interface ClusterSlice {
  overview: ClusterOverview | null;
  overviewLoading: boolean;
  /** Brokers with an action in flight, so their buttons disable. */
  brokerBusy: Record<number, boolean>;
  metrics: MetricsSample | null;
}

export interface TopicSlice {
  selectedTopic: string | null;
  topicDetail: TopicDetail | null;
}

export const PAGE_SIZE = 100;

export interface MessagesSlice {
  msgTopic: string | null;
  msgPartition: number;
  logStartOffset: number;
  highWatermark: number;
  /** Loaded pages by page index (offset = logStartOffset + index * PAGE_SIZE + i). */
  pages: Record<number, ConsumedRecord[]>;
  loadingPages: Record<number, boolean>;
  selectedOffset: number | null;
}

export interface ProduceSlice {
  produceTopic: string | null;
  lastProduced: ProduceResult[];
}

export interface GroupsSlice {
  groups: GroupSummary[] | null;
  selectedGroup: string | null;
  groupDetail: GroupDetail | null;
}

export type AppState = UiSlice & ClusterSlice & TopicSlice & MessagesSlice & ProduceSlice & GroupsSlice;

const uiSlice = (): UiSlice => ({ screen: 'cluster', theme: 'dark', connected: true, errors: [] });
const clusterSlice = (): ClusterSlice => ({ overview: null, overviewLoading: false, brokerBusy: {}, metrics: null });
const topicSlice = (): TopicSlice => ({ selectedTopic: null, topicDetail: null });
const messagesSlice = (): MessagesSlice => ({
  msgTopic: null, msgPartition: 0, logStartOffset: 0, highWatermark: 0, pages: {}, loadingPages: {}, selectedOffset: null,
});
const produceSlice = (): ProduceSlice => ({ produceTopic: null, lastProduced: [] });
const groupsSlice = (): GroupsSlice => ({ groups: null, selectedGroup: null, groupDetail: null });

export function createAppStore() {
  return createStore<AppState>()(() => ({
    ...uiSlice(), ...clusterSlice(), ...topicSlice(), ...messagesSlice(), ...produceSlice(), ...groupsSlice(),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

/** Brokers as last known: the overview, updated by 'cluster.state' events. */
export function brokersOf(s: AppState): BrokerInfo[] {
  return s.overview?.brokers ?? [];
}
