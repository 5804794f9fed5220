// The UI state: one zustand store made of slices (zustand's slices pattern). State only; the actions that
// talk to the backend are plain module functions in actions.ts, so bridge events can update the store
// from outside React and tests can drive it without a DOM.

import { createStore } from 'zustand/vanilla';
import type {
  BrokerInfo, ClusterOverview, ConsumedRecord, ContractError, ProducerProgressEvent, Template, GroupDetail, GroupSummary, MetricsSample, ProduceResult, Theme, TopicDetail,
} from '../../app/contract.ts';

export type Screen = 'cluster' | 'topics' | 'topic' | 'messages' | 'produce' | 'groups' | 'settings';

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
  /** Live tail of the open partition: its subscription while following. */
  tailId: string | null;
  /** Records ticked for export or replay, by `${partition}:${offset}` (browse and search results alike). */
  picked: Record<string, ConsumedRecord>;
}

/** At most this many loaded pages are kept (the others are dropped, farthest from the view first). */
export const MAX_PAGES = 60;

export interface SearchState {
  searchId: string | null;
  topic: string;
  scanned: number;
  total: number;
  matched: number;
  done: boolean;
  cancelled: boolean;
  error: ContractError | null;
  /** Matches, in arrival order (bounded by the request's limit). */
  records: ConsumedRecord[];
}

export interface SearchSlice {
  search: SearchState | null;
}

export interface BulkSlice {
  bulkJob: ProducerProgressEvent | null;
  templates: Template[];
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

export type AppState = UiSlice & ClusterSlice & TopicSlice & MessagesSlice & ProduceSlice & GroupsSlice & SearchSlice & BulkSlice;

const uiSlice = (): UiSlice => ({ screen: 'cluster', theme: 'dark', connected: true, errors: [] });
const clusterSlice = (): ClusterSlice => ({ overview: null, overviewLoading: false, brokerBusy: {}, metrics: null });
const topicSlice = (): TopicSlice => ({ selectedTopic: null, topicDetail: null });
const messagesSlice = (): MessagesSlice => ({
  msgTopic: null, msgPartition: 0, logStartOffset: 0, highWatermark: 0, pages: {}, loadingPages: {}, selectedOffset: null, tailId: null, picked: {},
});
const searchSlice = (): SearchSlice => ({ search: null });
const bulkSlice = (): BulkSlice => ({ bulkJob: null, templates: [] });
const produceSlice = (): ProduceSlice => ({ produceTopic: null, lastProduced: [] });
const groupsSlice = (): GroupsSlice => ({ groups: null, selectedGroup: null, groupDetail: null });

export function createAppStore() {
  return createStore<AppState>()(() => ({
    ...uiSlice(), ...clusterSlice(), ...topicSlice(), ...messagesSlice(), ...produceSlice(), ...groupsSlice(), ...searchSlice(), ...bulkSlice(),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

/** Brokers as last known: the overview, updated by 'cluster.state' events. */
export function brokersOf(s: AppState): BrokerInfo[] {
  return s.overview?.brokers ?? [];
}
