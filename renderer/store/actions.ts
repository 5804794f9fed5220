// Everything the UI does, as plain functions of (store, bridge). Views call these; bridge events call
// `attachEvents`. Each failure becomes a dismissible notice with Kafka's error name and message.

import type { Bridge, ClusterStateEvent, CreateTopicRequest, ProduceRequest, Theme, BrokerAction } from '../../app/contract.ts';
import { PAGE_SIZE, type AppStore, type Screen } from './store.ts';

let noticeId = 1;

function errorOf(e: unknown): { name: string; message: string } {
  const err = e as { name?: unknown; message?: unknown };
  return { name: typeof err?.name === 'string' ? err.name : 'ERROR', message: typeof err?.message === 'string' ? err.message : String(e) };
}

export function reportError(store: AppStore, action: string, e: unknown): void {
  const { name, message } = errorOf(e);
  store.setState((s) => ({ errors: [...s.errors.filter((n) => n.message !== message), { id: noticeId++, name, message, action }] }));
}

export function dismissError(store: AppStore, id: number): void {
  store.setState((s) => ({ errors: s.errors.filter((n) => n.id !== id) }));
}

export function navigate(store: AppStore, screen: Screen): void {
  store.setState({ screen });
}

export async function loadSettings(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    const s = await bridge.call('settings.get');
    store.setState({ theme: s.theme });
  } catch (e) {
    reportError(store, 'Load settings', e);
  }
}

export async function setTheme(store: AppStore, bridge: Bridge, theme: Theme): Promise<void> {
  store.setState({ theme });
  try {
    await bridge.call('settings.update', { theme });
  } catch (e) {
    reportError(store, 'Save theme', e);
  }
}

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

/** Resolves true when the topic was created; Kafka's refusal is thrown to the dialog, which shows it. */
export async function createTopic(store: AppStore, bridge: Bridge, req: CreateTopicRequest): Promise<void> {
  await bridge.call('topics.create', req);
  await refreshOverview(store, bridge);
}

export async function deleteTopic(store: AppStore, bridge: Bridge, topic: string): Promise<void> {
  try {
    await bridge.call('topics.delete', { topic });
    store.setState((s) => ({
      selectedTopic: s.selectedTopic === topic ? null : s.selectedTopic,
      topicDetail: s.topicDetail?.name === topic ? null : s.topicDetail,
      screen: s.screen === 'topic' && s.selectedTopic === topic ? 'topics' : s.screen,
    }));
  } catch (e) {
    reportError(store, `Delete topic ${topic}`, e);
  }
  await refreshOverview(store, bridge);
}

export async function openTopic(store: AppStore, bridge: Bridge, topic: string): Promise<void> {
  store.setState({ selectedTopic: topic, screen: 'topic', topicDetail: store.getState().topicDetail?.name === topic ? store.getState().topicDetail : null });
  try {
    const topicDetail = await bridge.call('topics.describe', { topic });
    if (store.getState().selectedTopic === topic) store.setState({ topicDetail });
  } catch (e) {
    reportError(store, `Describe topic ${topic}`, e);
  }
}

// ---- messages ----

/** Point the message view at a partition and load its first page. */
export async function openPartition(store: AppStore, bridge: Bridge, topic: string, partition: number): Promise<void> {
  store.setState({
    screen: 'messages', msgTopic: topic, msgPartition: partition, pages: {}, loadingPages: {}, selectedOffset: null,
    logStartOffset: 0, highWatermark: 0,
  });
  await loadPage(store, bridge, 0, true);
}

/** Load page `index` unless it is loaded or loading; the first page also learns the partition's bounds. */
export async function loadPage(store: AppStore, bridge: Bridge, index: number, force = false): Promise<void> {
  const s = store.getState();
  if (!s.msgTopic) return;
  if (!force && (s.pages[index] || s.loadingPages[index])) return;
  const { msgTopic: topic, msgPartition: partition } = s;
  store.setState((st) => ({ loadingPages: { ...st.loadingPages, [index]: true } }));
  try {
    const offset = s.logStartOffset + index * PAGE_SIZE;
    const page = await bridge.call('messages.browse', { topic, partition, offset, limit: PAGE_SIZE });
    const now = store.getState();
    if (now.msgTopic !== topic || now.msgPartition !== partition) return;
    if (force && index === 0 && page.logStartOffset !== now.logStartOffset) {
      // Bounds learnt (or changed by retention): page 0 starts at the log start offset.
      store.setState({ logStartOffset: page.logStartOffset, highWatermark: page.highWatermark, pages: { 0: page.records } });
    } else {
      store.setState((st) => ({ highWatermark: Math.max(st.highWatermark, page.highWatermark), pages: { ...st.pages, [index]: page.records } }));
    }
  } catch (e) {
    reportError(store, `Read ${topic}/${partition}`, e);
  } finally {
    store.setState((st) => {
      const loadingPages = { ...st.loadingPages };
      delete loadingPages[index];
      return { loadingPages };
    });
  }
}

/** The record at `offset`, if its page is loaded. */
export function recordAt(store: AppStore, offset: number) {
  const s = store.getState();
  const index = Math.floor((offset - s.logStartOffset) / PAGE_SIZE);
  return s.pages[index]?.find((r) => r.offset === offset);
}

export function selectOffset(store: AppStore, offset: number | null): void {
  store.setState({ selectedOffset: offset });
}

// ---- produce ----

export async function produce(store: AppStore, bridge: Bridge, req: ProduceRequest): Promise<void> {
  const result = await bridge.call('messages.produce', req);
  store.setState((s) => ({ lastProduced: [result, ...s.lastProduced].slice(0, 20), produceTopic: req.topic }));
}

// ---- groups ----

export async function refreshGroups(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    const groups = await bridge.call('groups.list');
    store.setState({ groups });
  } catch (e) {
    reportError(store, 'List consumer groups', e);
  }
}

export async function openGroup(store: AppStore, bridge: Bridge, groupId: string): Promise<void> {
  store.setState({ selectedGroup: groupId, groupDetail: null });
  try {
    const groupDetail = await bridge.call('groups.describe', { groupId });
    if (store.getState().selectedGroup === groupId) store.setState({ groupDetail });
  } catch (e) {
    reportError(store, `Describe group ${groupId}`, e);
  }
}

/** Wire the backend's events into the store; returns the unsubscribe. */
export function attachEvents(store: AppStore, bridge: Bridge): () => void {
  const offs = [
    bridge.on('cluster.state', (ev) => applyClusterState(store, ev)),
    bridge.on('metrics.sample', (ev) => store.setState({ metrics: ev })),
  ];
  return () => offs.forEach((off) => off());
}
