// The palette's commands: screens, topics (and their messages), groups and brokers, matched by words in any
// order, labels starting with the query first.

import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../store/store.ts';
import { overview } from '../../store/fixtures.ts';
import { commandsOf, matchCommands } from './commands.ts';

describe('command palette', () => {
  it('finds topics, groups and brokers and names the route each goes to', () => {
    // commandsOf is a pure function of the state: give it one, no store writes needed.
    const state = {
      ...createAppStore().getState(),
      overview: { ...overview, topics: [{ name: 'orders', id: 'x', partitions: 1, replicationFactor: 1, messages: 0, sizeBytes: 0, underReplicatedPartitions: 0, offlinePartitions: 0, health: 'healthy' as const }] },
      groups: [{ groupId: 'order-billing', state: 'STABLE', protocolType: 'consumer', members: 1, topics: ['orders'], totalLag: 0 }],
    };
    const all = commandsOf(state);
    expect(matchCommands(all, 'orders').map((c) => c.route)).toEqual([
      { screen: 'topic', topic: 'orders' }, { screen: 'messages', topic: 'orders', partition: 0 },
    ]);
    expect(matchCommands(all, 'billing order').map((c) => c.route)).toEqual([{ screen: 'groups', group: 'order-billing' }]);
    expect(matchCommands(all, 'broker 2').map((c) => c.route)).toEqual([{ screen: 'broker', broker: 2 }]);
    expect(matchCommands(all, 'map').map((c) => c.label)).toEqual(['Cluster map']);
    expect(matchCommands(all, 'zzz')).toEqual([]);
  });
});
