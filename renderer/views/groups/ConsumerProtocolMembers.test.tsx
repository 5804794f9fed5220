// The KIP-848 rebalance panel, rendered to static markup: epochs, the assignor, and a member mid-rebalance
// with what it owns, its target, what it is to revoke, and a member waiting for those partitions.

import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ConsumerProtocolDetail } from '../../../app/contract.ts';
import { ConsumerProtocolMembers, partitionsText } from './ConsumerProtocolMembers.tsx';

const detail: ConsumerProtocolDetail = {
  groupEpoch: 2,
  assignmentEpoch: 2,
  assignor: 'uniform',
  members: [
    {
      memberId: 'member-a', instanceId: null, clientId: 'billing', host: '/127.0.0.1', memberEpoch: 1, subscribedTopics: ['orders'], subscribedTopicRegex: null,
      assignment: [{ topic: 'orders', partitions: [0, 1, 2, 3] }], targetAssignment: [{ topic: 'orders', partitions: [0, 1] }],
      revoking: [{ topic: 'orders', partitions: [2, 3] }], pending: [],
    },
    {
      memberId: 'member-b', instanceId: null, clientId: 'billing', host: '/127.0.0.1', memberEpoch: 2, subscribedTopics: ['orders'], subscribedTopicRegex: null,
      assignment: [], targetAssignment: [{ topic: 'orders', partitions: [2, 3] }], revoking: [], pending: [{ topic: 'orders', partitions: [2, 3] }],
    },
  ],
};

describe('ConsumerProtocolMembers', () => {
  it('shows the epochs, the assignor and who is behind', () => {
    const html = renderToStaticMarkup(<ConsumerProtocolMembers detail={detail} />);
    expect(html).toContain('aria-label="Group epoch: 2"');
    expect(html).toContain('aria-label="Assignment epoch: 2"');
    expect(html).toContain('uniform');
    expect(html).toContain('aria-label="Members behind the assignment epoch: 1"');
  });

  it('lists each member with current, target, revoking and waiting-for partitions', () => {
    const html = renderToStaticMarkup(<ConsumerProtocolMembers detail={detail} />);
    const rows = [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((m) => m[1]).slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('member-a');
    expect(rows[0]).toContain('orders [0, 1, 2, 3]');
    expect(rows[0]).toContain('<span class="badge badge-under-replicated">orders [2, 3]</span>');
    expect(rows[1]).toContain('<span class="badge badge-neutral">orders [2, 3]</span>');
    expect(partitionsText([{ topic: 'a', partitions: [1] }, { topic: 'b', partitions: [0, 2] }])).toBe('a [1]; b [0, 2]');
  });

  it('says so when the group has no members', () => {
    const html = renderToStaticMarkup(<ConsumerProtocolMembers detail={{ ...detail, members: [] }} />);
    expect(html).toContain('No members: the group is empty.');
  });
});
