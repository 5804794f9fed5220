import { describe, expect, it } from 'vitest';
import type { MetadataImage } from '../broker/metadata-image.ts';
import { diffImages } from './cluster-events.ts';

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
    expect(diffImages(undefined, healthy).filter((e) => e.type !== 'broker-up')).toEqual([]);
    const brokerDown = image([2, 3], [{ leader: 2, isr: [2, 3] }, { leader: 2, isr: [2, 3] }]);
    expect(diffImages(healthy, brokerDown)).toEqual([
      { type: 'broker-down', broker: 1 },
      { type: 'leader-change', topic: 't', partition: 0, from: 1, to: 2, leaderEpoch: 1 },
      { type: 'isr-change', topic: 't', partition: 0, from: [1, 2, 3], to: [2, 3] },
      { type: 'under-replicated', topic: 't', partition: 0 },
      { type: 'isr-change', topic: 't', partition: 1, from: [1, 2, 3], to: [2, 3] },
      { type: 'under-replicated', topic: 't', partition: 1 },
    ]);
    const offline = image([], [{ leader: -1, isr: [2] }, { leader: -1, isr: [2] }]);
    expect(diffImages(brokerDown, offline).filter((e) => e.type === 'offline')).toHaveLength(2);
    expect(diffImages(offline, healthy).filter((e) => e.type === 'online' || e.type === 'fully-replicated')).toHaveLength(4);
    expect(diffImages(offline, healthy).filter((e) => e.type === 'broker-up').map((e) => (e as { broker: number }).broker)).toEqual([1, 2, 3]);
  });
});
