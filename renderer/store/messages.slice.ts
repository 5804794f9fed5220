// The message browser: one partition, paged by offset from its log start, a live tail, the ticked records.

import type { ConsumedRecord, IsolationLevel, TxnMarkerInfo } from '../../app/contract.ts';

export const PAGE_SIZE = 100;

/** At most this many loaded pages are kept (the others are dropped, farthest from the view first). */
export const MAX_PAGES = 60;

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
  /** How the partition is read: read_committed stops at the last stable offset and leaves aborted records out. */
  isolation: IsolationLevel;
  /** Transaction markers (COMMIT/ABORT control records) of the loaded pages, by offset. */
  markers: Record<number, TxnMarkerInfo>;
  /** read_uncommitted: offsets of loaded records whose transaction was aborted. */
  abortedOffsets: Record<number, true>;
  /** The partition's last stable offset, from the latest page read; null before. */
  lastStableOffset: number | null;
  /** One partition paged, the whole topic merged (the stream slice), or a search. In the URL (but search). */
  msgMode: MessagesMode;
}

export type MessagesMode = 'browse' | 'stream' | 'search';

export const messagesSlice = (): MessagesSlice => ({
  msgTopic: null, msgPartition: 0, logStartOffset: 0, highWatermark: 0, pages: {}, loadingPages: {}, selectedOffset: null, tailId: null, picked: {},
  isolation: 'read_uncommitted', markers: {}, abortedOffsets: {}, lastStableOffset: null, msgMode: 'browse',
});

export const pickKey = (r: { partition: number; offset: number }) => `${r.partition}:${r.offset}`;

/** The record at `offset`, if its page is loaded. */
export function selectRecordAt(s: MessagesSlice, offset: number): ConsumedRecord | undefined {
  return s.pages[Math.floor((offset - s.logStartOffset) / PAGE_SIZE)]?.find((r) => r.offset === offset);
}
