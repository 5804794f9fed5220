// The message browser's actions: open a partition, load pages as they scroll into view (bounded memory),
// follow new records, find the offset for a time, tick records; export, import and replay them; decode a
// value with a Protobuf schema.

import type {
  Bridge, ConsumedRecord, DecodeProtobufRequest, ExportFormat, ImportRequest, ImportResult, IsolationLevel, RecordLocation, SegmentDetail, TailEvent,
} from '../../app/contract.ts';
import { refreshOverview } from './cluster.actions.ts';
import { MAX_PAGES, PAGE_SIZE, pickKey, selectRecordAt, type MessagesMode, type MessagesSlice } from './messages.slice.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';

/** Point the message view at a partition and load its first page. */
export async function openPartition(store: AppStore, bridge: Bridge, topic: string, partition: number): Promise<void> {
  await stopTail(store, bridge);
  if (store.getState().msgTopic !== topic) store.setState({ picked: {} });
  store.setState({
    screen: 'messages', msgTopic: topic, msgPartition: partition, pages: {}, loadingPages: {}, selectedOffset: null,
    logStartOffset: 0, highWatermark: 0, markers: {}, abortedOffsets: {}, lastStableOffset: null,
  });
  await loadPage(store, bridge, 0, true);
}

/** Read the open partition again with another isolation level (the list shows what that consumer would see). */
export async function setIsolation(store: AppStore, bridge: Bridge, isolation: IsolationLevel): Promise<void> {
  if (store.getState().isolation === isolation) return;
  store.setState({ isolation });
  const { msgTopic, msgPartition } = store.getState();
  if (msgTopic) await openPartition(store, bridge, msgTopic, msgPartition);
}

/** Load page `index` unless it is loaded or loading; the first page also learns the partition's bounds. */
export async function loadPage(store: AppStore, bridge: Bridge, index: number, force = false): Promise<void> {
  const s = store.getState();
  if (!s.msgTopic) return;
  if (!force && (s.pages[index] || s.loadingPages[index])) return;
  const { msgTopic: topic, msgPartition: partition, isolation } = s;
  store.setState((st) => ({ loadingPages: { ...st.loadingPages, [index]: true } }));
  try {
    const offset = s.logStartOffset + index * PAGE_SIZE;
    const page = await bridge.call('messages.browse', { topic, partition, offset, limit: PAGE_SIZE, isolation });
    const now = store.getState();
    if (now.msgTopic !== topic || now.msgPartition !== partition || now.isolation !== isolation) return;
    const txn = {
      markers: Object.fromEntries((page.markers ?? []).map((m) => [m.offset, m])),
      abortedOffsets: Object.fromEntries((page.abortedOffsets ?? []).map((o) => [o, true as const])),
      lastStableOffset: page.lastStableOffset ?? null,
    };
    if (force && index === 0 && page.logStartOffset !== now.logStartOffset) {
      // Bounds learnt (or changed by retention): page 0 starts at the log start offset.
      store.setState({ logStartOffset: page.logStartOffset, highWatermark: page.highWatermark, pages: { 0: page.records }, ...txn });
    } else {
      store.setState((st) => {
        const pages = keepNear({ ...st.pages, [index]: page.records }, index);
        return {
          highWatermark: Math.max(st.highWatermark, page.highWatermark),
          pages,
          markers: keepLoaded({ ...st.markers, ...txn.markers }, pages, st.logStartOffset),
          abortedOffsets: keepLoaded({ ...st.abortedOffsets, ...txn.abortedOffsets }, pages, st.logStartOffset),
          lastStableOffset: txn.lastStableOffset ?? st.lastStableOffset,
        };
      });
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
export function recordAt(store: AppStore, offset: number): ConsumedRecord | undefined {
  return selectRecordAt(store.getState(), offset);
}

export function selectOffset(store: AppStore, offset: number | null): void {
  store.setState({ selectedOffset: offset });
}

/** Bounded memory: keep the MAX_PAGES pages nearest to `index`. */
export function keepNear(pages: MessagesSlice['pages'], index: number): MessagesSlice['pages'] {
  const keys = Object.keys(pages).map(Number);
  if (keys.length <= MAX_PAGES) return pages;
  const keep = keys.sort((a, b) => Math.abs(a - index) - Math.abs(b - index)).slice(0, MAX_PAGES);
  return Object.fromEntries(keep.map((k) => [k, pages[k]]));
}

/** Per-offset facts (markers, aborted flags) of the pages still kept; a page's read may run into the next page's range. */
function keepLoaded<T>(byOffset: Record<number, T>, pages: MessagesSlice['pages'], logStart: number): Record<number, T> {
  return Object.fromEntries(Object.entries(byOffset).filter(([o]) => {
    const i = Math.floor((Number(o) - logStart) / PAGE_SIZE);
    return pages[i] !== undefined || pages[i - 1] !== undefined;
  }));
}

// ---- mode ----

export function setMessagesMode(store: AppStore, msgMode: MessagesMode): void {
  store.setState({ msgMode });
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

// ---- export, import, replay, decode ----

/** The file's name, type and text; a failure is thrown to the caller. */
export async function exportFile(bridge: Bridge, topic: string, format: ExportFormat, records: ConsumedRecord[]) {
  return bridge.call('messages.export', { topic, format, records });
}

/** A dry run answers with the preview and every bad line; a real one writes only a file without bad lines. */
export async function importFile(store: AppStore, bridge: Bridge, req: ImportRequest): Promise<ImportResult> {
  const result = await bridge.call('messages.import', req);
  if (!req.dryRun && result.errors.length === 0) await refreshOverview(store, bridge);
  return result;
}

export async function replayRecords(store: AppStore, bridge: Bridge, topic: string, records: ConsumedRecord[]): Promise<void> {
  try {
    const results = await bridge.call('messages.replay', { topic, partition: null, records });
    store.setState((s) => ({ lastProduced: [...results.slice(-20).reverse(), ...s.lastProduced].slice(0, 20), produceTopic: topic }));
  } catch (e) {
    reportError(store, `Replay into ${topic}`, e);
  }
}

/** The decoded value (plain data); a bad schema or a value that does not fit it is thrown to the caller. */
export async function decodeWithProtoSchema(bridge: Bridge, req: DecodeProtobufRequest): Promise<unknown> {
  return bridge.call('decode.protobuf', req);
}

/** Where a record lives in the local cluster's log; a refusal (external cluster, compacted away) is thrown to the pane. */
export async function locateInLog(bridge: Bridge, topic: string, partition: number, offset: number): Promise<RecordLocation> {
  return bridge.call('log.locate', { topic, partition, offset });
}

/** One segment of a partition's log: files, batches, index entries, what happens next. */
export async function readSegment(bridge: Bridge, topic: string, partition: number, baseOffset: number): Promise<SegmentDetail> {
  return bridge.call('log.segment', { topic, partition, baseOffset });
}
