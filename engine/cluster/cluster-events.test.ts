import { describe, expect, it } from 'vitest';
import type { MetadataImage } from '../broker/metadata-image.ts';
import { diffImages, explainEvents } from './cluster-events.ts';

function image(alive: number[], partitions: { leader: number; isr: number[] }[]): MetadataImage {
  return {
    epoch: 1,
    clusterId: 'c',
    controllerId: 1,
    brokers: [1, 2, 3].map((id) => ({ id, host: '127.0.0.1', port: 9091 + id, rack: null, alive: alive.includes(id) })),
    topics: [{
      name: 't', topicId: 'x', isInternal: false, configs: {},
      partitions: partitions.map((p, i) => ({ partition: i, leader: p.leader, leaderEpoch: p.leader === 1 ? 0 : 1, partitionEpoch: 0, replicas: [1, 2, 3], isr: p.isr })),
    }],
  };
}

describe('cluster events', () => {
  it('reports brokers going down and up, leader and ISR changes, under-replication and offline partitions', () => {
    const healthy = image([1, 2, 3], [{ leader: 1, isr: [1, 2, 3] }, { leader: 2, isr: [1, 2, 3] }]);
    // The first image: the brokers come up; partitions are new, so no leader or ISR change is reported.
    expect(diffImages(undefined, healthy)).toEqual([1, 2, 3].map((broker) => ({ type: 'broker-up', broker })));
    const brokerDown = image([2, 3], [{ leader: 2, isr: [2, 3] }, { leader: 2, isr: [2, 3] }]);
    expect(diffImages(healthy, brokerDown)).toEqual([
      { type: 'broker-down', broker: 1 },
      { type: 'leader-change', topic: 't', partition: 0, from: 1, to: 2, leaderEpoch: 1 },
      { type: 'isr-change', topic: 't', partition: 0, from: [1, 2, 3], to: [2, 3] },
      { type: 'under-replicated', topic: 't', partition: 0 },
      { type: 'isr-change', topic: 't', partition: 1, from: [1, 2, 3], to: [2, 3] },
      { type: 'under-replicated', topic: 't', partition: 1 },
    ]);
    // Every broker gone: both partitions lose their leader (no live ISR member), the ISR keeps its last member.
    const offline = image([], [{ leader: -1, isr: [2] }, { leader: -1, isr: [2] }]);
    expect(diffImages(brokerDown, offline)).toEqual([
      { type: 'broker-down', broker: 2 },
      { type: 'broker-down', broker: 3 },
      { type: 'leader-change', topic: 't', partition: 0, from: 2, to: -1, leaderEpoch: 1 },
      { type: 'isr-change', topic: 't', partition: 0, from: [2, 3], to: [2] },
      { type: 'offline', topic: 't', partition: 0 },
      { type: 'leader-change', topic: 't', partition: 1, from: 2, to: -1, leaderEpoch: 1 },
      { type: 'isr-change', topic: 't', partition: 1, from: [2, 3], to: [2] },
      { type: 'offline', topic: 't', partition: 1 },
    ]);
    // All back: brokers up, leaders elected (partition 0 back to broker 1 at epoch 0 in this fixture), ISRs
    // full, both partitions online and fully replicated.
    expect(diffImages(offline, healthy)).toEqual([
      { type: 'broker-up', broker: 1 },
      { type: 'broker-up', broker: 2 },
      { type: 'broker-up', broker: 3 },
      { type: 'leader-change', topic: 't', partition: 0, from: -1, to: 1, leaderEpoch: 0 },
      { type: 'isr-change', topic: 't', partition: 0, from: [2], to: [1, 2, 3] },
      { type: 'fully-replicated', topic: 't', partition: 0 },
      { type: 'online', topic: 't', partition: 0 },
      { type: 'leader-change', topic: 't', partition: 1, from: -1, to: 2, leaderEpoch: 1 },
      { type: 'isr-change', topic: 't', partition: 1, from: [2], to: [1, 2, 3] },
      { type: 'fully-replicated', topic: 't', partition: 1 },
      { type: 'online', topic: 't', partition: 1 },
    ]);
    // Nothing changed, nothing reported.
    expect(diffImages(healthy, healthy)).toEqual([]);
  });

  it('explains each event: a dead leader, a fallen-behind follower, the preferred leader returning', () => {
    const healthy = image([1, 2, 3], [{ leader: 1, isr: [1, 2, 3] }]);
    const down = image([2, 3], [{ leader: 2, isr: [2, 3] }]);
    const at = 1_700_000_000_000;
    const explained = explainEvents(healthy, down, diffImages(healthy, down), at);
    expect(explained.map((e) => [e.type, e.cause])).toEqual([
      ['broker-down', 'no longer alive in the cluster metadata: its replicas are offline'],
      ['leader-change', 'its leader, broker 1, went down'],
      ['isr-change', 'broker 1 is down'],
      ['under-replicated', 'fewer in-sync replicas than replicas'],
      ['health', 'broker 1 down'],
    ]);
    expect(explained.at(-1)).toMatchObject({ underReplicated: 1, offline: 0, before: { underReplicated: 0, offline: 0 } });
    expect(explained.every((e) => e.at === at)).toBe(true);
    // A follower out of the ISR while its broker lives fell behind.
    const lagging = image([1, 2, 3], [{ leader: 1, isr: [1, 3] }]);
    expect(explainEvents(healthy, lagging, diffImages(healthy, lagging), at).find((e) => e.type === 'isr-change')?.cause).toBe('broker 2 fell behind');
    // Broker 1 back in the ISR, then elected again: the preferred leader is restored.
    const back = image([1, 2, 3], [{ leader: 2, isr: [1, 2, 3] }]);
    const restored = image([1, 2, 3], [{ leader: 1, isr: [1, 2, 3] }]);
    const isr = explainEvents(down, back, diffImages(down, back), at).find((e) => e.type === 'isr-change');
    expect(isr?.cause).toBe('broker 1 caught up with the leader');
    const elected = explainEvents(back, restored, diffImages(back, restored), at).find((e) => e.type === 'leader-change');
    expect(elected).toMatchObject({ from: 2, to: 1, preferred: true, cause: 'preferred leader election: the first replica leads again' });
    expect(explainEvents(down, back, diffImages(down, back), at).at(-1)).toMatchObject({ type: 'health', underReplicated: 0, cause: 'every follower is back in its ISR' });
  });
});
