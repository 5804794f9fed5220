// Moving a replica against a fake bridge: the target keeps the other replicas' order, a move's answer
// becomes the open topic's moves in flight, a refusal goes to the dialog, and a quiet reload keeps the list.

import { describe, expect, it } from 'vitest';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { detail as topicDetail } from './fixtures.ts';
import { createAppStore } from './store.ts';
import { loadReassignments, reassignPartition } from './reassign.actions.ts';
import { moveTarget, selectReassignment } from './reassign.slice.ts';

const detail = topicDetail('orders', 2);
const moving = { topic: detail.name, partition: 0, replicas: [3, 2, 1], addingReplicas: [3], removingReplicas: [1] };

describe('reassign', () => {
  it('moveTarget puts the new broker in the old one\'s place', () => {
    expect(moveTarget([1, 2], 1, 3)).toEqual([3, 2]);
    expect(moveTarget([1, 2], 2, 3)).toEqual([1, 3]);
  });

  it('a move shows as the partition\'s reassignment; a refusal is thrown; a failed reload keeps the list', async () => {
    const store = createAppStore();
    store.setState({ selectedTopic: detail.name });
    let fail = false;
    const { bridge, calls } = fakeBridge({
      'partitions.reassign': (r) => {
        if (r.replicas?.includes(9)) refuse('INVALID_REPLICA_ASSIGNMENT', 'The manual partition assignment includes broker 9, but no such broker is registered.', 39)();
        return [moving];
      },
      'partitions.reassignments': () => (fail ? refuse('UNAVAILABLE', 'down')() : []),
      'topics.describe': () => detail,
    });
    await reassignPartition(store, bridge, detail.name, 0, [3, 2]);
    expect(calls[0]).toEqual({ method: 'partitions.reassign', request: { topic: detail.name, partition: 0, replicas: [3, 2] } });
    expect(selectReassignment(store.getState(), detail.name, 0)).toEqual(moving);
    expect(selectReassignment(store.getState(), detail.name, 1)).toBeUndefined();
    await expect(reassignPartition(store, bridge, detail.name, 0, [9, 2])).rejects.toMatchObject({ name: 'INVALID_REPLICA_ASSIGNMENT', kafkaCode: 39 });
    fail = true;
    await loadReassignments(store, bridge, detail.name);
    expect(selectReassignment(store.getState(), detail.name, 0)).toEqual(moving);
    fail = false;
    await loadReassignments(store, bridge, detail.name);
    expect(selectReassignment(store.getState(), detail.name, 0)).toBeUndefined();
  });
});
