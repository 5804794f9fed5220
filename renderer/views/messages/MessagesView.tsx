// Messages of one partition, the whole topic merged by time (TopicStream), and search across a topic.
//
// Browse: a virtual list over offsets [log start, high watermark) that loads pages of PAGE_SIZE records as
// they scroll into view (only the visible window's pages are fetched; the store keeps the MAX_PAGES nearest).
// A browser cannot make an element 10 million rows tall (Chromium stops near 33 million pixels), so the
// virtualizer covers a WINDOW of rows starting at `base`; scrolling near either edge of the window moves it by
// a quarter (the scroll position moves by the same amount, so the rows stay put), and a jump (earliest,
// latest, an offset, a time) re-centres it. Row i shows offset logStart + base + i; an offset without a
// record (compacted away) says so; a transaction marker is shown as a COMMIT/ABORT band. "Follow" tails the
// partition live. The isolation toggle reads as that consumer would: read_committed leaves aborted records out
// and stops at the last stable offset; read_uncommitted shows them with an "aborted" badge.
//
// Search: SearchPanel (server-side scan with progress and cancel). Records ticked in either list can be
// exported (JSON lines, CSV) or replayed into a topic; Import writes such a file into the topic.

import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ConsumedRecord, ExportFormat } from '../../../app/contract.ts';
import {
  clearPicked, exportFile, loadPage, offsetForTime, openPartition, replayRecords, selectOffset, setIsolation, setMessagesMode, startTail, stopTail, togglePick,
} from '../../store/messages.actions.ts';
import { navigate } from '../../store/app.actions.ts';
import { reportError } from '../../store/notices.actions.ts';
import { selectTopics } from '../../store/cluster.slice.ts';
import { PAGE_SIZE, pickKey, selectRecordAt, type MessagesMode } from '../../store/messages.slice.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { downloadText } from '../../components/download.ts';
import { RecordDetail } from './RecordDetail.tsx';
import { MarkerRow, MessageListHead, MessageRow, ROW_HEIGHT } from './MessageRow.tsx';
import { SearchPanel } from './SearchPanel.tsx';
import { TopicStream } from './TopicStream.tsx';
import { ImportDialog } from './ImportDialog.tsx';

export const WINDOW = 400_000;
const EDGE = 2_000;

export function MessagesView() {
  const { store, bridge } = useApp();
  const mode = useAppState((s) => s.msgMode);
  const setMode = (m: MessagesMode) => setMessagesMode(store, m);
  const [streamSelected, setStreamSelected] = useState<ConsumedRecord | null>(null);
  const topics = useAppState(selectTopics);
  const topic = useAppState((s) => s.msgTopic);
  const picked = useAppState((s) => s.picked);
  const [searchSelected, setSearchSelected] = useState<ConsumedRecord | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [replayTo, setReplayTo] = useState('');
  const pickedList = Object.values(picked);
  const searchRecords = useAppState((s) => s.search?.records ?? null);
  const searchTopic = useAppState((s) => s.search?.topic);
  const streamTopic = useAppState((s) => s.stream?.topic);

  const doExport = async (format: ExportFormat, records: ConsumedRecord[]) => {
    try {
      const f = await exportFile(bridge, topic ?? store.getState().search?.topic ?? 'messages', format, records);
      downloadText(f.fileName, f.mimeType, f.content);
    } catch (e) {
      reportError(store, 'Export', e);
    }
  };
  const exportSet = pickedList.length > 0 ? pickedList : mode === 'search' ? (searchRecords ?? []) : [];
  const target = replayTo || topic || topics[0]?.name || '';

  return (
    <section className="screen screen-split" aria-labelledby="messages-title">
      <div className="split-main">
        <header className="screen-header">
          <h1 id="messages-title">Messages</h1>
          <div role="tablist" aria-label="Messages mode" className="tabs tabs-inline">
            <button type="button" role="tab" aria-selected={mode === 'browse'} onClick={() => setMode('browse')}>Browse</button>
            <button type="button" role="tab" aria-selected={mode === 'stream'} onClick={() => setMode('stream')}>Whole topic</button>
            <button type="button" role="tab" aria-selected={mode === 'search'} onClick={() => setMode('search')}>Search</button>
          </div>
        </header>
        <div className="actions-bar" role="toolbar" aria-label="Selected messages">
          <span className="muted">{pickedList.length > 0 ? `${pickedList.length} selected` : mode === 'search' ? `${searchRecords?.length ?? 0} matches` : 'Tick messages to export or replay them'}</span>
          <button type="button" disabled={exportSet.length === 0} onClick={() => void doExport('jsonl', exportSet)}>Export JSON lines</button>
          <button type="button" disabled={exportSet.length === 0} onClick={() => void doExport('csv', exportSet)}>Export CSV</button>
          <label className="inline">
            <span>Replay into</span>
            <select aria-label="Replay into topic" value={target} onChange={(e) => setReplayTo(e.target.value)}>
              {topics.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
            </select>
          </label>
          <button type="button" disabled={pickedList.length === 0 || !target} onClick={() => void replayRecords(store, bridge, target, pickedList).then(() => navigate(store, 'produce'))}>Replay selected</button>
          {pickedList.length > 0 && <button type="button" className="link" onClick={() => clearPicked(store)}>Clear selection</button>}
          <div className="toolbar-end">
            <button type="button" disabled={topics.length === 0} onClick={() => setImportOpen(true)}>Import…</button>
          </div>
        </div>
        {mode === 'browse' ? <BrowseList />
          : mode === 'stream' ? <TopicStream selected={streamSelected} onSelect={setStreamSelected} initialTopic={topic} />
            : <SearchPanel selected={searchSelected} onSelect={setSearchSelected} />}
      </div>
      {mode === 'search' && searchSelected && (
        <RecordDetail key={pickKey(searchSelected)} record={searchSelected} topic={searchTopic} onClose={() => setSearchSelected(null)}
          picked={!!picked[pickKey(searchSelected)]} onPick={() => togglePick(store, searchSelected)} />
      )}
      {mode === 'browse' && <BrowseDetail />}
      {mode === 'stream' && streamSelected && (
        <RecordDetail key={pickKey(streamSelected)} record={streamSelected} topic={streamTopic} onClose={() => setStreamSelected(null)}
          picked={!!picked[pickKey(streamSelected)]} onPick={() => togglePick(store, streamSelected)} />
      )}
      <ImportDialog open={importOpen} onClose={() => setImportOpen(false)} defaultTopic={topic ?? topics[0]?.name ?? ''} />
    </section>
  );
}

function BrowseDetail() {
  const { store } = useApp();
  const record = useAppState((s) => (s.selectedOffset === null ? undefined : selectRecordAt(s, s.selectedOffset)));
  const picked = useAppState((s) => s.picked);
  const topic = useAppState((s) => s.msgTopic);
  if (!record) return null;
  return <RecordDetail key={record.offset} record={record} topic={topic ?? undefined} onClose={() => selectOffset(store, null)} picked={!!picked[pickKey(record)]} onPick={() => togglePick(store, record)} />;
}

function BrowseList() {
  const { store, bridge } = useApp();
  const topics = useAppState(selectTopics);
  const topic = useAppState((s) => s.msgTopic);
  const partition = useAppState((s) => s.msgPartition);
  const logStart = useAppState((s) => s.logStartOffset);
  const hw = useAppState((s) => s.highWatermark);
  const pages = useAppState((s) => s.pages);
  const selected = useAppState((s) => s.selectedOffset);
  const picked = useAppState((s) => s.picked);
  const tailId = useAppState((s) => s.tailId);
  const isolation = useAppState((s) => s.isolation);
  const markers = useAppState((s) => s.markers);
  const abortedOffsets = useAppState((s) => s.abortedOffsets);
  const lso = useAppState((s) => s.lastStableOffset);
  const [jump, setJump] = useState('');
  const [time, setTime] = useState('');
  const [base, setBase] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = Math.max(0, hw - logStart);
  const windowCount = Math.min(count, WINDOW);
  const b = Math.max(0, Math.min(base, count - windowCount));

  const virtualizer = useVirtualizer({
    count: windowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count === 0) return;
    for (let p = Math.floor((b + first) / PAGE_SIZE); p <= Math.floor((b + last) / PAGE_SIZE); p++) void loadPage(store, bridge, p);
    // Near an edge of the window: move the window, and the scroll position with it.
    const el = scrollRef.current;
    if (!el || items.length === 0) return;
    if (first < EDGE && b > 0) {
      const shift = Math.min(b, WINDOW / 4);
      setBase(b - shift);
      el.scrollTop += shift * ROW_HEIGHT;
    } else if (last > windowCount - EDGE && b + windowCount < count) {
      const shift = Math.min(count - windowCount - b, WINDOW / 4);
      setBase(b + shift);
      el.scrollTop -= shift * ROW_HEIGHT;
    }
  }, [first, last, count, b, windowCount, items.length, store, bridge]);

  /** Show absolute row `idx` (from the log start), re-centring the window when it is outside. */
  const goTo = (idx: number, align: 'start' | 'end' = 'start') => {
    if (count === 0) return;
    const i = Math.min(count - 1, Math.max(0, idx));
    let nb = b;
    if (i < b || i >= b + windowCount) {
      nb = Math.max(0, Math.min(i - WINDOW / 2, count - windowCount));
      setBase(nb);
    }
    virtualizer.scrollToIndex(i - nb, { align });
  };

  // Opened at a record (a link, Back, a reload): bring it into view once the partition's bounds are known.
  const shownAt = useRef<string | null>(null);
  useEffect(() => {
    const place = `${topic}/${partition}/${selected}`;
    if (selected === null || count === 0 || shownAt.current === place) return;
    shownAt.current = place;
    const row = selected - logStart - b;
    // A click on a shown row needs no scrolling; only a record out of view is brought in.
    if (items.length > 0 && row >= first && row <= last) return;
    goTo(selected - logStart);
  }, [selected, count, topic, partition, logStart]);

  // Following: keep the newest record in view.
  useEffect(() => {
    if (tailId && count > 0) goTo(count - 1, 'end');
  }, [tailId, hw]);

  const topicInfo = topics.find((t) => t.name === topic);
  const recordAt = (offset: number) => pages[Math.floor((offset - logStart) / PAGE_SIZE)]?.find((r) => r.offset === offset);

  return (
    <>
      {topic && <p className="muted summary-line">{topic} / partition {partition} · offsets {logStart.toLocaleString('en-US')}–{Math.max(logStart, hw - 1).toLocaleString('en-US')} · {count.toLocaleString('en-US')} records{lso !== null && <> · last stable offset {lso.toLocaleString('en-US')}</>}</p>}
      <div className="toolbar">
        <label className="inline">
          <span>Topic</span>
          <select aria-label="Topic" value={topic ?? ''} onChange={(e) => e.target.value && void openPartition(store, bridge, e.target.value, 0).then(() => setBase(0))}>
            <option value="" disabled>Choose a topic</option>
            {topics.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
          </select>
        </label>
        <label className="inline">
          <span>Partition</span>
          <select aria-label="Partition" value={topic ? partition : ''} disabled={!topicInfo} onChange={(e) => topic && void openPartition(store, bridge, topic, Number(e.target.value)).then(() => setBase(0))}>
            {Array.from({ length: topicInfo?.partitions ?? 0 }, (_, i) => <option key={i} value={i}>{i}</option>)}
          </select>
        </label>
        <button type="button" disabled={count === 0} onClick={() => goTo(0)}>Earliest</button>
        <button type="button" disabled={count === 0} onClick={() => goTo(count - 1, 'end')}>Latest</button>
        <form className="inline" onSubmit={(e) => {
          e.preventDefault();
          const o = Number(jump);
          if (jump.trim() !== '' && Number.isInteger(o)) goTo(o - logStart);
        }}>
          <label className="inline">
            <span>Go to offset</span>
            <input value={jump} onChange={(e) => setJump(e.target.value)} inputMode="numeric" size={10} disabled={count === 0} />
          </label>
        </form>
        <form className="inline" onSubmit={(e) => {
          e.preventDefault();
          const ts = new Date(time).getTime();
          if (Number.isFinite(ts)) void offsetForTime(store, bridge, ts).then((o) => o !== undefined && goTo(o - logStart));
        }}>
          <label className="inline">
            <span>Go to time</span>
            <input type="datetime-local" step="1" value={time} onChange={(e) => setTime(e.target.value)} disabled={count === 0} />
          </label>
          <button type="submit" disabled={count === 0 || time === ''}>Go</button>
        </form>
        <div className="toolbar-end">
          <label className="inline isolation-toggle">
            <span>Isolation</span>
            <select aria-label="Isolation level" value={isolation} onChange={(e) => void setIsolation(store, bridge, e.target.value as typeof isolation).then(() => setBase(0))}>
              <option value="read_uncommitted">read_uncommitted</option>
              <option value="read_committed">read_committed</option>
            </select>
          </label>
          {topic && (
            <label className="inline follow">
              <input type="checkbox" checked={tailId !== null} onChange={(e) => void (e.target.checked ? startTail(store, bridge) : stopTail(store, bridge))} />
              <span>Follow new messages</span>
            </label>
          )}
          {topic && <button type="button" onClick={() => void openPartition(store, bridge, topic, partition).then(() => setBase(0))}>Refresh</button>}
        </div>
      </div>
      {!topic ? (
        <div className="empty">
          {topics.length === 0
            ? <>No topics yet. <button type="button" className="link" onClick={() => navigate(store, 'topics')}>Create a topic</button> first.</>
            : 'Choose a topic and partition to browse its messages.'}
        </div>
      ) : count === 0 ? (
        <div className="empty">
          This partition is empty. <button type="button" className="link" onClick={() => navigate(store, 'produce')}>Produce a message</button> to it
          {tailId ? ' — new messages will show here.' : ', or tick “Follow new messages” to watch for them.'}
        </div>
      ) : (
        <div className="list">
          <MessageListHead />
          <div ref={scrollRef} className="list-scroll" role="listbox" aria-label="Messages" tabIndex={0}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
              e.preventDefault();
              const cur = selected ?? logStart - 1;
              const next = Math.min(hw - 1, Math.max(logStart, cur + (e.key === 'ArrowDown' ? 1 : -1)));
              selectOffset(store, next);
              goTo(next - logStart, e.key === 'ArrowDown' ? 'end' : 'start');
            }}>
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const offset = logStart + b + item.index;
                const r = recordAt(offset);
                const loaded = pages[Math.floor((b + item.index) / PAGE_SIZE)] !== undefined;
                const marker = markers[offset];
                if (marker && !r) return <MarkerRow key={offset} marker={marker} partition={partition} top={item.start} />;
                return (
                  <MessageRow key={offset} offset={offset} partition={partition} record={r} top={item.start}
                    placeholder={!loaded ? 'loading…' : missingReason(offset, isolation, lso)}
                    aborted={r ? abortedOffsets[offset] === true : false}
                    selected={selected === offset} picked={r ? !!picked[pickKey(r)] : false}
                    onSelect={() => selectOffset(store, offset)} onPick={() => r && togglePick(store, r)} />
                );
              })}
            </div>
          </div>
        </div>
      )}
    </>
  );
}

/** Why an offset of a loaded page has no record, as the chosen consumer would see it. */
function missingReason(offset: number, isolation: 'read_committed' | 'read_uncommitted', lso: number | null): string {
  if (isolation !== 'read_committed') return 'no record at this offset';
  if (lso !== null && offset >= lso) return 'past the last stable offset: its transaction is still open';
  return 'not visible to read_committed (aborted, or compacted away)';
}
