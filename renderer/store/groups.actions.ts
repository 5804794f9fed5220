// Consumer groups: list, open, follow (the poll), reset offsets (dry run first), delete.

import type { Bridge, ResetOffsetsRequest, ResetOffsetsResult } from '../../app/contract.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';

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

/**
 * One round of following the consumers: the list, and the open group's offsets and lag. The open group is
 * re-read quietly (the detail stays as last read if one round fails; the list's failure is a notice).
 */
export async function pollGroups(store: AppStore, bridge: Bridge): Promise<void> {
  const groupId = store.getState().selectedGroup;
  await Promise.all([
    refreshGroups(store, bridge),
    groupId && bridge.call('groups.describe', { groupId }).then((groupDetail) => {
      if (store.getState().selectedGroup === groupId) store.setState({ groupDetail });
    }, () => undefined),
  ]);
}

/** A dry run answers with the rows; an applied reset re-reads the group. Kafka's refusal is thrown to the dialog. */
export async function resetOffsets(store: AppStore, bridge: Bridge, req: ResetOffsetsRequest): Promise<ResetOffsetsResult> {
  const result = await bridge.call('groups.resetOffsets', req);
  if (result.applied) {
    await openGroup(store, bridge, req.groupId);
    void refreshGroups(store, bridge);
  }
  return result;
}

export async function deleteGroup(store: AppStore, bridge: Bridge, groupId: string): Promise<void> {
  try {
    await bridge.call('groups.delete', { groupId });
    store.setState((s) => (s.selectedGroup === groupId ? { selectedGroup: null, groupDetail: null } : {}));
  } catch (e) {
    reportError(store, `Delete group ${groupId}`, e);
  }
  await refreshGroups(store, bridge);
}
