// Messages of one partition: a virtual list over offsets [log start, high watermark) that loads pages of
// PAGE_SIZE records as they scroll into view, and a detail pane for the selected record. Row i shows
// offset logStart + i; an offset without a record (compacted away, a transaction marker) says so.

import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { loadPage, navigate, openPartition, selectOffset } from '../../store/actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { PAGE_SIZE } from '../../store/store.ts';
import { formatTime, preview } from '../../components/format.ts';
import { RecordDetail } from './RecordDetail.tsx';

const ROW_HEIGHT = 32;

export function MessagesView() {
  const { store, bridge } = useApp();
  const topics = useAppState((s) => s.overview?.topics ?? []);
  const topic = useAppState((s) => s.msgTopic);
  const partition = useAppState((s) => s.msgPartition);
  const logStart = useAppState((s) => s.logStartOffset);
  const hw = useAppState((s) => s.highWatermark);
  const pages = useAppState((s) => s.pages);
  const selected = useAppState((s) => s.selectedOffset);
  const [jump, setJump] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = Math.max(0, hw - logStart);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count === 0) return;
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) void loadPage(store, bridge, p);
  }, [first, last, count, store, bridge]);

  const topicInfo = topics.find((t) => t.name === topic);
  const recordAt = (offset: number) => pages[Math.floor((offset - logStart) / PAGE_SIZE)]?.find((r) => r.offset === offset);
  const selectedRecord = selected === null ? undefined : recordAt(selected);

  const picker = (
    <div className="toolbar">
      <label className="inline">
        <span>Topic</span>
        <select value={topic ?? ''} onChange={(e) => e.target.value && void openPartition(store, bridge, e.target.value, 0)}>
          <option value="" disabled>Choose a topic</option>
          {topics.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
        </select>
      </label>
      <label className="inline">
        <span>Partition</span>
        <select value={topic ? partition : ''} disabled={!topicInfo} onChange={(e) => topic && void openPartition(store, bridge, topic, Number(e.target.value))}>
          {Array.from({ length: topicInfo?.partitions ?? 0 }, (_, i) => <option key={i} value={i}>{i}</option>)}
        </select>
      </label>
      <form className="inline" onSubmit={(e) => {
        e.preventDefault();
        const o = Number(jump);
        if (Number.isInteger(o) && count > 0) virtualizer.scrollToIndex(Math.min(count - 1, Math.max(0, o - logStart)), { align: 'start' });
      }}>
        <label className="inline">
          <span>Go to offset</span>
          <input value={jump} onChange={(e) => setJump(e.target.value)} inputMode="numeric" size={10} disabled={count === 0} />
        </label>
      </form>
      <div className="toolbar-end">
        {topic && <button type="button" onClick={() => void openPartition(store, bridge, topic, partition)}>Refresh</button>}
      </div>
    </div>
  );

  return (
    <section className="screen screen-split" aria-labelledby="messages-title">
      <div className="split-main">
        <header className="screen-header">
          <h1 id="messages-title">Messages</h1>
          {topic && <p className="muted">{topic} / partition {partition} · offsets {logStart}–{Math.max(logStart, hw - 1)} · {count.toLocaleString('en-US')} records</p>}
        </header>
        {picker}
        {!topic ? (
          <div className="empty">
            {topics.length === 0
              ? <>No topics yet. <button type="button" className="link" onClick={() => navigate(store, 'topics')}>Create a topic</button> first.</>
              : 'Choose a topic and partition to browse its messages.'}
          </div>
        ) : count === 0 ? (
          <div className="empty">This partition is empty. <button type="button" className="link" onClick={() => navigate(store, 'produce')}>Produce a message</button> to it.</div>
        ) : (
          <div className="list">
            <div className="list-head" aria-hidden="true">
              <span>Offset</span><span>Timestamp</span><span>Key</span><span>Value</span>
            </div>
            <div ref={scrollRef} className="list-scroll" role="listbox" aria-label="Messages" tabIndex={0}
              onKeyDown={(e) => {
                if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
                e.preventDefault();
                const cur = selected ?? logStart - 1;
                const next = Math.min(hw - 1, Math.max(logStart, cur + (e.key === 'ArrowDown' ? 1 : -1)));
                selectOffset(store, next);
                virtualizer.scrollToIndex(next - logStart);
              }}>
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {items.map((item) => {
                  const offset = logStart + item.index;
                  const r = recordAt(offset);
                  const loaded = pages[Math.floor(item.index / PAGE_SIZE)] !== undefined;
                  return (
                    <div
                      key={item.key}
                      role="option"
                      aria-selected={selected === offset}
                      aria-label={`Offset ${offset}`}
                      className="list-row"
                      style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                      onClick={() => r && selectOffset(store, offset)}
                    >
                      <span className="num">{offset}</span>
                      {r ? (
                        <>
                          <span className="muted">{formatTime(r.timestamp)}</span>
                          <span className="cell-key">{r.key === null ? <span className="muted">null</span> : preview(r.key, 40)}</span>
                          <span className="cell-value">{preview(r.value)}</span>
                        </>
                      ) : (
                        <span className="muted span-rest">{loaded ? 'no record at this offset' : 'loading…'}</span>
                      )}
                    </div>
                  );
                })}
              </div>
            </div>
          </div>
        )}
      </div>
      {selectedRecord && <RecordDetail key={selectedRecord.offset} record={selectedRecord} onClose={() => selectOffset(store, null)} />}
    </section>
  );
}
