// The whole topic: the latest records of every partition merged by timestamp, then followed live. The
// filter applies to what is shown and to what arrives. At the bottom the list follows new records; scrolled
// up, it stays put (paused) and says how many arrived below, until "Jump to newest" or a scroll to the end.

import { useEffect, useMemo, useState } from 'react';
import type { ConsumedRecord } from '../../../app/contract.ts';
import { closeStream, openStream } from '../../store/stream.actions.ts';
import { selectTopics } from '../../store/cluster.slice.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { base64ToBytes, bytesToText } from '../../components/format.ts';
import { ROW_HEIGHT } from './MessageRow.tsx';
import { RecordList, useRecordList } from './RecordList.tsx';

const text = (b64: string | null) => (b64 === null ? '' : bytesToText(base64ToBytes(b64)) ?? '');

export function matchesFilter(r: ConsumedRecord, filter: string, partition: number | null): boolean {
  if (partition !== null && r.partition !== partition) return false;
  if (filter === '') return true;
  return text(r.key).includes(filter) || text(r.value).includes(filter);
}

export function TopicStream({ selected, onSelect, initialTopic }: { selected: ConsumedRecord | null; onSelect: (r: ConsumedRecord) => void; initialTopic: string | null }) {
  const { store, bridge } = useApp();
  const topics = useAppState(selectTopics);
  const stream = useAppState((s) => s.stream);
  const [filter, setFilter] = useState('');
  const [partition, setPartition] = useState<number | null>(null);
  const [paused, setPaused] = useState(false);
  const [seenAtPause, setSeenAtPause] = useState(0);
  const topic = stream?.topic ?? '';

  useEffect(() => {
    const first = store.getState().streamTopic ?? initialTopic ?? topics[0]?.name;
    if (!store.getState().stream && first) void openStream(store, bridge, first);
  }, [initialTopic, topics.length > 0]);
  // Leaving the screen ends the tails.
  useEffect(() => () => void closeStream(store, bridge), [store, bridge]);

  const shown = useMemo(() => (stream?.records ?? []).filter((r) => matchesFilter(r, filter, partition)), [stream?.records, filter, partition]);
  const list = useRecordList(shown.length);
  const { scrollRef, virtualizer } = list;
  useEffect(() => {
    if (!paused && shown.length > 0) virtualizer.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [shown.length, paused]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
    if (atBottom && paused) setPaused(false);
    if (!atBottom && !paused) {
      setPaused(true);
      setSeenAtPause(shown.length);
    }
  };
  const partitions = topics.find((t) => t.name === topic)?.partitions ?? 0;
  const newBelow = paused ? Math.max(0, shown.length - seenAtPause) : 0;
  return (
    <>
      <div className="toolbar">
        <label className="inline">
          <span>Topic</span>
          <select aria-label="Stream topic" value={topic} onChange={(e) => { setPaused(false); void openStream(store, bridge, e.target.value); }}>
            {!topic && <option value="" disabled>Choose a topic</option>}
            {topics.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
          </select>
        </label>
        <label className="inline">
          <span>Partition</span>
          <select aria-label="Stream partition" value={partition ?? ''} onChange={(e) => setPartition(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">all, merged by time</option>
            {Array.from({ length: partitions }, (_, i) => <option key={i} value={i}>{i}</option>)}
          </select>
        </label>
        <label className="inline">
          <span>Key or value contains</span>
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} spellCheck={false} />
        </label>
        <span className="muted" role="status" aria-label="Stream state">
          {stream?.loading ? 'Reading…' : `${shown.length.toLocaleString('en-US')} shown · ${stream?.tailIds.length ? (paused ? 'paused while scrolled up' : 'following live') : 'not following'}`}
        </span>
        {paused && (
          <button type="button" onClick={() => { setPaused(false); virtualizer.scrollToIndex(shown.length - 1, { align: 'end' }); }}>
            Jump to newest{newBelow > 0 ? ` (${newBelow} new)` : ''}
          </button>
        )}
      </div>
      {!stream || shown.length === 0 ? (
        <div className="empty">{stream?.loading ? 'Reading the latest records of every partition…' : filter ? 'No record shown matches the filter; new ones that do will appear.' : 'No records yet: new ones appear here as they are written.'}</div>
      ) : (
        <RecordList records={shown} list={list} label="Whole topic" selected={selected} onSelect={onSelect} onScroll={onScroll} />
      )}
    </>
  );
}
