// A search across a topic on the server: its progress and its matches as they stream in.

import type { ConsumedRecord, ContractError, SearchRequest } from '../../app/contract.ts';

export interface SearchState {
  searchId: string | null;
  topic: string;
  scanned: number;
  total: number;
  matched: number;
  done: boolean;
  cancelled: boolean;
  error: ContractError | null;
  /** Stopped at the request's limit with records left: where a continued search starts. */
  resumeFrom: { partition: number; offset: number }[] | null;
  /** Matches of the searches this one continues (counted in `matched`). */
  priorMatched: number;
  /** The request, so the search can be continued. */
  request: SearchRequest | null;
  /** Matches, in arrival order (bounded by the request's limit). */
  records: ConsumedRecord[];
}

export interface SearchSlice {
  search: SearchState | null;
}

export const searchSlice = (): SearchSlice => ({ search: null });
