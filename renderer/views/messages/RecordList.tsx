// A virtualized list of records from any partitions (the whole-topic stream, search results): a row per
// record, picked and selected by (partition, offset). The caller owns the virtualizer (useRecordList) so it
// can scroll it, e.g. to follow new records.

import { useRef, type RefObject } from 'react';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import type { ConsumedRecord } from '../../../app/contract.ts';
import { togglePick } from '../../store/messages.actions.ts';
import { pickKey } from '../../store/messages.slice.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { MessageListHead, MessageRow, ROW_HEIGHT } from './MessageRow.tsx';

export interface RecordListHandle {
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
}

export function useRecordList(count: number): RecordListHandle {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  return { scrollRef, virtualizer };
}

export function RecordList({ records, list, label, selected, onSelect, onScroll }: {
  records: readonly ConsumedRecord[];
  list: RecordListHandle;
  label: string;
  selected: ConsumedRecord | null;
  onSelect: (r: ConsumedRecord) => void;
  onScroll?: () => void;
}) {
  const { store } = useApp();
  const picked = useAppState((s) => s.picked);
  const { scrollRef, virtualizer } = list;
  return (
    <div className="list">
      <MessageListHead />
      <div ref={scrollRef} className="list-scroll" role="listbox" aria-label={label} tabIndex={0} onScroll={onScroll}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = records[item.index];
            return (
              <MessageRow key={pickKey(r)} offset={r.offset} partition={r.partition} record={r} top={item.start} placeholder=""
                selected={selected !== null && pickKey(selected) === pickKey(r)} picked={!!picked[pickKey(r)]}
                onSelect={() => onSelect(r)} onPick={() => togglePick(store, r)} />
            );
          })}
        </div>
      </div>
    </div>
  );
}
