// Everything the UI does, as plain functions of (store, bridge). Views call these; bridge events call
// `attachEvents`. Each failure becomes a dismissible notice with Kafka's error name and message.

import type { Bridge, ClusterStateEvent, CreateTopicRequest, ProduceRequest, Theme, BrokerAction } from '../../app/contract.ts';
import type {
  BulkProduceRequest, ConsumedRecord, ExportFormat, ImportRequest, ImportResult, ProducerProgressEvent, SearchProgressEvent, SearchRequest, TailEvent, Template,
} from '../../app/contract.ts';
import { MAX_PAGES, PAGE_SIZE, type AppState, type AppStore, type Screen } from './store.ts';

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
  await stopTail(store, bridge);
  if (store.getState().msgTopic !== topic) store.setState({ picked: {} });
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
      store.setState((st) => ({ highWatermark: Math.max(st.highWatermark, page.highWatermark), pages: keepNear({ ...st.pages, [index]: page.records }, index) }));
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

/** Bounded memory: keep the MAX_PAGES pages nearest to `index`. */
export function keepNear(pages: AppState['pages'], index: number): AppState['pages'] {
  const keys = Object.keys(pages).map(Number);
  if (keys.length <= MAX_PAGES) return pages;
  const keep = keys.sort((a, b) => Math.abs(a - index) - Math.abs(b - index)).slice(0, MAX_PAGES);
  return Object.fromEntries(keep.map((k) => [k, pages[k]]));
}

// ---- live tail ----

export async function startTail(store: AppStore, bridge: Bridge): Promise<void> {
  const s = store.getState();
  if (!s.msgTopic || s.tailId) return;
  try {
    const { subscriptionId } = await bridge.call('tail.start', { topic: s.msgTopic, partition: s.msgPartition, fromOffset: s.highWatermark });
    store.setState({ tailId: subscriptionId });
  } catch (e) {
    reportError(store, 'Follow new messages', e);
  }
}

export async function stopTail(store: AppStore, bridge: Bridge): Promise<void> {
  const id = store.getState().tailId;
  if (!id) return;
  store.setState({ tailId: null });
  await bridge.call('tail.stop', { subscriptionId: id }).catch(() => undefined);
}

/** New records of the followed partition: into their pages, the end moves; old pages are dropped. */
export function applyTail(store: AppStore, ev: TailEvent): void {
  store.setState((s) => {
    if (ev.subscriptionId !== s.tailId || ev.records.length === 0) return {};
    let pages = { ...s.pages };
    for (const r of ev.records) {
      const i = Math.floor((r.offset - s.logStartOffset) / PAGE_SIZE);
      const page = pages[i] ?? [];
      if (!page.some((x) => x.offset === r.offset)) pages[i] = [...page, r];
    }
    const last = ev.records[ev.records.length - 1].offset;
    pages = keepNear(pages, Math.floor((last - s.logStartOffset) / PAGE_SIZE));
    return { pages, highWatermark: Math.max(s.highWatermark, last + 1) };
  });
}

export async function offsetForTime(store: AppStore, bridge: Bridge, timestamp: number): Promise<number | undefined> {
  const s = store.getState();
  if (!s.msgTopic) return undefined;
  try {
    return (await bridge.call('messages.offsetForTime', { topic: s.msgTopic, partition: s.msgPartition, timestamp })).offset;
  } catch (e) {
    reportError(store, 'Find the offset for a time', e);
    return undefined;
  }
}

// ---- picking records (export, replay) ----

export const pickKey = (r: { partition: number; offset: number }) => `${r.partition}:${r.offset}`;

export function togglePick(store: AppStore, r: ConsumedRecord): void {
  store.setState((s) => {
    const picked = { ...s.picked };
    if (picked[pickKey(r)]) delete picked[pickKey(r)];
    else picked[pickKey(r)] = r;
    return { picked };
  });
}

export function clearPicked(store: AppStore): void {
  store.setState({ picked: {} });
}

// ---- search ----

/** Events that arrive before their search.start / producer.start call has answered (a short scan ends first). */
const early = new Map<string, (SearchProgressEvent | ProducerProgressEvent)[]>();

function remember(id: string, ev: SearchProgressEvent | ProducerProgressEvent): void {
  if (early.size > 50) early.delete(early.keys().next().value!);
  early.set(id, [...(early.get(id) ?? []), ev]);
}

/** Starts a search; a refusal (bad regex, bad predicate) is thrown to the form, which shows it. */
export async function startSearch(store: AppStore, bridge: Bridge, req: SearchRequest): Promise<void> {
  const prev = store.getState().search;
  if (prev?.searchId && !prev.done) await bridge.call('search.cancel', { searchId: prev.searchId }).catch(() => undefined);
  store.setState({ search: { searchId: null, topic: req.topic, scanned: 0, total: 0, matched: 0, done: false, cancelled: false, error: null, records: [] } });
  try {
    const { searchId, total } = await bridge.call('search.start', req);
    store.setState((s) => ({ search: s.search && { ...s.search, searchId, total } }));
    for (const ev of early.get(searchId) ?? []) applySearchProgress(store, ev as SearchProgressEvent);
    early.delete(searchId);
  } catch (e) {
    store.setState({ search: null });
    throw e;
  }
}

export async function cancelSearch(store: AppStore, bridge: Bridge): Promise<void> {
  const id = store.getState().search?.searchId;
  if (id) await bridge.call('search.cancel', { searchId: id }).catch((e) => reportError(store, 'Cancel the search', e));
}

export function applySearchProgress(store: AppStore, ev: SearchProgressEvent): void {
  const cur = store.getState().search;
  if (!cur) return;
  if (cur.searchId === null) return remember(ev.searchId, ev);
  if (cur.searchId !== ev.searchId) return;
  store.setState({
    search: {
      ...cur, scanned: ev.scanned, total: ev.total, matched: ev.matched, done: ev.done, cancelled: ev.cancelled,
      error: ev.error ?? cur.error, records: ev.records.length ? [...cur.records, ...ev.records] : cur.records,
    },
  });
}

// ---- export, import, replay ----

export async function exportFile(bridge: Bridge, topic: string, format: ExportFormat, records: ConsumedRecord[]) {
  return bridge.call('messages.export', { topic, format, records });
}

export async function importFile(bridge: Bridge, req: ImportRequest): Promise<ImportResult> {
  return bridge.call('messages.import', req);
}

export async function replayRecords(store: AppStore, bridge: Bridge, topic: string, records: ConsumedRecord[]): Promise<void> {
  try {
    const results = await bridge.call('messages.replay', { topic, partition: null, records });
    store.setState((s) => ({ lastProduced: [...results.slice(-20).reverse(), ...s.lastProduced].slice(0, 20), produceTopic: topic }));
  } catch (e) {
    reportError(store, `Replay into ${topic}`, e);
  }
}

// ---- templates and bulk produce ----

export async function loadTemplates(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    store.setState({ templates: await bridge.call('templates.list') });
  } catch (e) {
    reportError(store, 'Load templates', e);
  }
}

/** Saves; a refusal (bad template) is thrown to the form. */
export async function saveTemplate(store: AppStore, bridge: Bridge, t: Template): Promise<void> {
  store.setState({ templates: await bridge.call('templates.save', t) });
}

export async function deleteTemplate(store: AppStore, bridge: Bridge, name: string): Promise<void> {
  try {
    store.setState({ templates: await bridge.call('templates.delete', { name }) });
  } catch (e) {
    reportError(store, `Delete template ${name}`, e);
  }
}

/** Starts sending; a refusal (bad template, bad JSON) is thrown to the form and nothing is sent. */
export async function startBulk(store: AppStore, bridge: Bridge, req: BulkProduceRequest): Promise<void> {
  store.setState({ bulkJob: { jobId: '', topic: req.topic, sent: 0, total: req.count, done: false, cancelled: false, partitions: [] } });
  try {
    const { jobId } = await bridge.call('producer.start', req);
    store.setState((s) => ({ bulkJob: s.bulkJob && { ...s.bulkJob, jobId } }));
    for (const ev of early.get(jobId) ?? []) applyProducerProgress(store, ev as ProducerProgressEvent);
    early.delete(jobId);
  } catch (e) {
    store.setState({ bulkJob: null });
    throw e;
  }
}

export async function cancelBulk(store: AppStore, bridge: Bridge): Promise<void> {
  const id = store.getState().bulkJob?.jobId;
  if (id) await bridge.call('producer.cancel', { jobId: id }).catch((e) => reportError(store, 'Cancel sending', e));
}

export function applyProducerProgress(store: AppStore, ev: ProducerProgressEvent): void {
  const cur = store.getState().bulkJob;
  if (!cur) return;
  if (cur.jobId === '') return remember(ev.jobId, ev);
  if (cur.jobId === ev.jobId) store.setState({ bulkJob: ev });
}

/** Wire the backend's events into the store; returns the unsubscribe. */
export function attachEvents(store: AppStore, bridge: Bridge): () => void {
  const offs = [
    bridge.on('cluster.state', (ev) => applyClusterState(store, ev)),
    bridge.on('metrics.sample', (ev) => store.setState({ metrics: ev })),
    bridge.on('tail.records', (ev) => applyTail(store, ev)),
    bridge.on('search.progress', (ev) => applySearchProgress(store, ev)),
    bridge.on('producer.progress', (ev) => applyProducerProgress(store, ev)),
  ];
  return () => offs.forEach((off) => off());
}
