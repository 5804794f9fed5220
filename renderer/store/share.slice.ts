// Share groups (queues): the open share group's partitions, in-flight records and dead letters.

import type { SharePartitionState } from '../../app/contract.ts';

export interface ShareSlice {
  /** The group the share state below belongs to. */
  shareGroupId: string | null;
  shareState: SharePartitionState[] | null;
  /** Why the share state cannot be shown (e.g. an external cluster); null when it can. */
  shareStateUnavailable: string | null;
}

export const shareSlice = (): ShareSlice => ({ shareGroupId: null, shareState: null, shareStateUnavailable: null });
