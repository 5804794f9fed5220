// Consumer groups against a fake bridge: the poll follows the open group, an applied reset re-reads it,
// a dry run does not, delete closes it.

import { describe, expect, it } from 'vitest';
import type { GroupDetail } from '../../app/contract.ts';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { deleteGroup, openGroup, pollGroups, resetOffsets } from './groups.actions.ts';
import { createAppStore } from './store.ts';

const group = (groupId: string, totalLag: number): GroupDetail => ({ groupId, state: 'EMPTY', members: [], offsets: [], totalLag } as unknown as GroupDetail);

describe('groups', () => {
  it('polls the list and the open group; a failed describe keeps the last detail without a notice', async () => {
    const store = createAppStore();
    let lag = 10;
    let down = false;
    const { bridge, methods } = fakeBridge({
      'groups.list': () => [{ groupId: 'g' } as never],
      'groups.describe': (r) => (down ? refuse('COORDINATOR_NOT_AVAILABLE', 'moving')() : group(r.groupId, lag)),
    });
    await pollGroups(store, bridge);
    expect(methods()).toEqual(['groups.list']); // nothing open yet
    await openGroup(store, bridge, 'g');
    lag = 3;
    await pollGroups(store, bridge);
    expect(store.getState().groupDetail?.totalLag).toBe(3);
    down = true;
    await pollGroups(store, bridge);
    expect(store.getState().groupDetail?.totalLag).toBe(3);
    expect(store.getState().errors).toEqual([]);
  });

  it('a dry run only answers rows; an applied reset re-reads the group; a refusal is thrown to the dialog', async () => {
    const store = createAppStore();
    const { bridge, methods } = fakeBridge({
      'groups.describe': (r) => group(r.groupId, 0),
      'groups.list': () => [],
      'groups.resetOffsets': (r) => (r.mode === 'offset' ? refuse('NON_EMPTY_GROUP', 'The group has members.', 68)() : { applied: !r.dryRun, rows: [] }),
    });
    await resetOffsets(store, bridge, { groupId: 'g', mode: 'earliest', dryRun: true });
    expect(methods()).toEqual(['groups.resetOffsets']);
    await resetOffsets(store, bridge, { groupId: 'g', mode: 'earliest', dryRun: false });
    expect(methods().slice(1)).toEqual(['groups.resetOffsets', 'groups.describe', 'groups.list']);
    expect(store.getState().selectedGroup).toBe('g');
    await expect(resetOffsets(store, bridge, { groupId: 'g', mode: 'offset', value: 0, dryRun: false })).rejects.toMatchObject({ name: 'NON_EMPTY_GROUP', kafkaCode: 68 });
  });

  it('deleting the open group closes it; a refusal is a notice and the group stays open', async () => {
    const store = createAppStore();
    const ok = fakeBridge({ 'groups.describe': (r) => group(r.groupId, 0), 'groups.delete': () => undefined, 'groups.list': () => [] });
    await openGroup(store, ok.bridge, 'g');
    const refused = fakeBridge({ 'groups.delete': refuse('NON_EMPTY_GROUP', 'The group has members.'), 'groups.list': () => [] });
    await deleteGroup(store, refused.bridge, 'g');
    expect(store.getState().selectedGroup).toBe('g');
    expect(store.getState().errors.map((e) => e.action)).toEqual(['Delete group g']);
    await deleteGroup(store, ok.bridge, 'g');
    expect(store.getState()).toMatchObject({ selectedGroup: null, groupDetail: null, groups: [] });
  });
});
