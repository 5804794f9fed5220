// Consumer groups: the list, and the open group's members, offsets and lag.

import type { GroupDetail, GroupSummary } from '../../app/contract.ts';

export interface GroupsSlice {
  groups: GroupSummary[] | null;
  selectedGroup: string | null;
  groupDetail: GroupDetail | null;
}

export const groupsSlice = (): GroupsSlice => ({ groups: null, selectedGroup: null, groupDetail: null });
