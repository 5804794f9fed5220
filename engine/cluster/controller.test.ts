import { describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog.ts';
import { useTempCatalog } from '../catalog/test-support.ts';
import { brokerConfig } from '../broker/broker-config.ts';
import type { MetadataImage, PartitionImage } from '../broker/metadata-image.ts';
import { ErrorCode, errorName } from '../protocol/error-codes.ts';
import { Controller } from './controller.ts';

const t = useTempCatalog([]);

/** A controller over the temp catalog with brokers 1-3 up and one attached sink recording every image. */
async function start(opts: { brokers?: number[] } = {}) {
  const controller = new Controller(t.catalog, brokerConfig({ defaultReplicationFactor: 3, numPartitions: 3 }));
  const images: MetadataImage[] = [];
  await controller.attach(1, (image) => {
    images.push(image);
  });
  await controller.brokersUp((opts.brokers ?? [1, 2, 3]).map((id) => ({ id, host: '127.0.0.1', port: 9091 + id })));
  const partition = (topic: string, p: number): PartitionImage => {
    const found = controller.currentImage.topics.find((x) => x.name === topic)?.partitions[p];
    if (!found) throw new Error(`${topic}-${p} is not in the image`);
    return found;
  };
  /** A topic whose partition 0 has replicas [1, 2, 3] (preferred leader 1). */
  const create = async (name: string, assignment: number[][] = [[1, 2, 3]], configs: Record<string, string> = {}) => {
    const [r] = await controller.createTopics([{ name, numPartitions: -1, replicationFactor: -1, assignments: assignment.map((brokerIds, partitionIndex) => ({ partitionIndex, brokerIds })), configs }], false);
    expect(errorName(r.errorCode)).toBe('NONE');
    return r;
  };
  return { controller, images, partition, create };
}

describe('Controller: images', () => {
  it('pushes the current image on attach and a new one, with a higher epoch, on every change', async () => {
    const { controller, images } = await start();
    expect(images).toHaveLength(2); // on attach, then after the brokers came up
    expect(images[1].epoch).toBeGreaterThan(images[0].epoch);
    expect(images[1].brokers.map((b) => [b.id, b.alive])).toEqual([[1, true], [2, true], [3, true]]);
    expect(images[1].controllerId).toBe(1);
    expect(images[1].clusterId).toBe(t.catalog.clusterInfo.clusterId);
    await controller.setBroker(1, '127.0.0.1', 9092, false);
    expect(images.at(-1)!.controllerId).toBe(2); // a live broker is advertised
    expect(images.at(-1)!.brokers.find((b) => b.id === 1)!.alive).toBe(false);
  });

  it('resolves a change only after the image holding it has been delivered', async () => {
    const { controller, images } = await start();
    let delivered: MetadataImage | undefined;
    await controller.attach(2, async (image) => {
      await new Promise<void>((r) => setImmediate(r));
      delivered = image;
    });
    await controller.createTopics([{ name: 'orders', numPartitions: 2, replicationFactor: 2, configs: {} }], false);
    expect(delivered!.topics.map((x) => x.name)).toEqual(['orders']);
    expect(images.at(-1)!.epoch).toBe(delivered!.epoch);
  });
});

describe('Controller: topics', () => {
  it('creates a topic with placement, leader at the preferred replica, every live replica in the ISR, durably', async () => {
    const { controller, partition } = await start();
    const [r] = await controller.createTopics([{ name: 'orders', numPartitions: 6, replicationFactor: 2, configs: { 'retention.ms': '1000' } }], false);
    expect(r).toMatchObject({ errorCode: 0, numPartitions: 6, replicationFactor: 2 });
    expect(r.topicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    for (let p = 0; p < 6; p++) {
      const img = partition('orders', p);
      expect(img.replicas).toHaveLength(2);
      expect(img.leader).toBe(img.replicas[0]);
      expect([...img.isr].sort()).toEqual([...img.replicas].sort());
      expect(img.leaderEpoch).toBe(0);
    }
    expect(r.configs.find((c) => c.name === 'retention.ms')).toMatchObject({ value: '1000', isDefault: false });
    // In the catalog file: a new catalog on the same file sees it.
    const again = Catalog.open(t.file);
    try {
      expect(again.topics.get('orders')).toMatchObject({ topicId: r.topicId, configs: { 'retention.ms': '1000' } });
      expect(again.topics.get('orders')!.partitions).toHaveLength(6);
    } finally {
      again.close();
    }
  });

  it('refuses bad CreateTopics entries one by one with Kafka\'s error codes, creating the good ones', async () => {
    const { controller } = await start();
    const rs = await controller.createTopics([
      { name: 'ok', numPartitions: 1, replicationFactor: 1, configs: {} },
      { name: 'ok', numPartitions: 1, replicationFactor: 1, configs: {} },
      { name: 'wide', numPartitions: 1, replicationFactor: 4, configs: {} },
      { name: 'none', numPartitions: 0, replicationFactor: 1, configs: {} },
      { name: 'both', numPartitions: 1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1] }], configs: {} },
      { name: 'ghost', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1, 9] }], configs: {} },
      { name: 'twice', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [2, 2] }], configs: {} },
      { name: 'bad/name', numPartitions: 1, replicationFactor: 1, configs: {} },
      { name: 'conf', numPartitions: 1, replicationFactor: 1, configs: { 'no.such.config': '1' } },
    ], false);
    expect(rs.map((r) => [r.name, errorName(r.errorCode)])).toEqual([
      ['ok', 'NONE'],
      ['ok', 'INVALID_REQUEST'],
      ['wide', 'INVALID_REPLICATION_FACTOR'],
      ['none', 'INVALID_PARTITIONS'],
      ['both', 'INVALID_REQUEST'],
      ['ghost', 'INVALID_REPLICA_ASSIGNMENT'],
      ['twice', 'INVALID_REPLICA_ASSIGNMENT'],
      ['bad/name', 'INVALID_TOPIC_EXCEPTION'],
      ['conf', 'INVALID_CONFIG'],
    ]);
    for (const r of rs.slice(1)) expect(r.errorMessage).toBeTruthy();
    expect(t.catalog.topics.names()).toEqual(['ok']);
    const [again] = await controller.createTopics([{ name: 'ok', numPartitions: 1, replicationFactor: 1, configs: {} }], false);
    expect(errorName(again.errorCode)).toBe('TOPIC_ALREADY_EXISTS');
  });

  it('validateOnly answers as a create would, and creates nothing', async () => {
    const { controller, images } = await start();
    const before = images.length;
    const [r] = await controller.createTopics([{ name: 'dry', numPartitions: -1, replicationFactor: -1, configs: {} }], true);
    expect(r).toMatchObject({ errorCode: 0, numPartitions: 3, replicationFactor: 3 }); // num.partitions, default.replication.factor
    expect(t.catalog.topics.names()).toEqual([]);
    expect(images).toHaveLength(before);
  });

  it('deletes by name or id, and answers an unknown one with the matching error', async () => {
    const { controller, create } = await start();
    const a = await create('a');
    await create('b');
    const rs = await controller.deleteTopics([{ topicId: a.topicId }, { name: 'b' }, { name: 'c' }, { topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }]);
    expect(rs.map((r) => errorName(r.errorCode))).toEqual(['NONE', 'NONE', 'UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID']);
    expect(controller.currentImage.topics).toEqual([]);
  });

  it('adds partitions with the topic\'s replication factor, refusing a shrink or a mismatched assignment', async () => {
    const { controller, create, partition } = await start();
    await create('t');
    const rs = await controller.createPartitions([
      { name: 't', count: 3, assignments: null },
      { name: 'missing', count: 2, assignments: null },
    ], false);
    expect(rs.map((r) => errorName(r.errorCode))).toEqual(['NONE', 'UNKNOWN_TOPIC_OR_PARTITION']);
    expect(partition('t', 2).replicas).toHaveLength(3);
    const bad = await controller.createPartitions([
      { name: 't', count: 2, assignments: null },
      { name: 't', count: 3, assignments: null },
      { name: 't', count: 4, assignments: [[1, 2]] },
      { name: 't', count: 5, assignments: [[1, 2, 3]] },
    ], false);
    expect(bad.map((r) => errorName(r.errorCode))).toEqual(['INVALID_PARTITIONS', 'INVALID_PARTITIONS', 'INVALID_REPLICA_ASSIGNMENT', 'INVALID_REPLICA_ASSIGNMENT']);
    expect(controller.currentImage.topics[0].partitions).toHaveLength(3);
  });

  it('edits topic configs: set, delete, append to a list, and refuses unknown names and bad values', async () => {
    const { controller, create } = await start();
    await create('t', [[1, 2, 3]], { 'cleanup.policy': 'delete', 'retention.ms': '5000' });
    expect((await controller.alterTopicConfigs('t', [{ name: 'cleanup.policy', value: 'compact', op: 'append' }, { name: 'retention.ms', value: null, op: 'delete' }], true, false)).errorCode).toBe(0);
    expect(controller.currentImage.topics[0].configs).toEqual({ 'cleanup.policy': 'delete,compact' });
    const unknown = await controller.alterTopicConfigs('t', [{ name: 'nope', value: '1', op: 'set' }], true, false);
    expect(errorName(unknown.errorCode)).toBe('INVALID_CONFIG');
    const notList = await controller.alterTopicConfigs('t', [{ name: 'retention.ms', value: '1', op: 'append' }], true, false);
    expect(errorName(notList.errorCode)).toBe('INVALID_CONFIG');
    const badValue = await controller.alterTopicConfigs('t', [{ name: 'retention.ms', value: 'soon', op: 'set' }], true, false);
    expect(errorName(badValue.errorCode)).toBe('INVALID_CONFIG');
    // Non-incremental AlterConfigs replaces the whole set.
    await controller.alterTopicConfigs('t', [{ name: 'segment.ms', value: '60000', op: 'set' }], false, false);
    expect(controller.currentImage.topics[0].configs).toEqual({ 'segment.ms': '60000' });
    expect(errorName((await controller.alterTopicConfigs('x', [], true, false)).errorCode)).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });
});

describe('Controller: leader election and ISR', () => {
  it('moves leadership to the next ISR member when the leader dies, bumping the leader epoch', async () => {
    const { controller, create, partition } = await start();
    await create('t');
    expect(partition('t', 0)).toMatchObject({ leader: 1, isr: [1, 2, 3], leaderEpoch: 0 });
    await controller.setBroker(1, '127.0.0.1', 9092, false);
    const p = partition('t', 0);
    expect(p).toMatchObject({ leader: 2, isr: [2, 3], leaderEpoch: 1 });
    expect(p.partitionEpoch).toBeGreaterThan(0);
    // The returning broker is not in the ISR until its leader says it caught up.
    await controller.setBroker(1, '127.0.0.1', 9092, true);
    expect(partition('t', 0)).toMatchObject({ leader: 2, isr: [2, 3] });
  });

  it('controlled shutdown moves leadership off the stopping broker before it goes', async () => {
    const { controller, create, partition } = await start();
    await create('t', [[2, 1, 3]]);
    await controller.controlledShutdown(2);
    expect(partition('t', 0)).toMatchObject({ leader: 1, isr: [1, 3] });
    expect(t.catalog.brokers.list().find((b) => b.brokerId === 2)!.state).toBe('stopping');
  });

  it('takes a partition offline when its last ISR member dies, remembering that member; it comes back with it', async () => {
    const { controller, create, partition } = await start();
    await create('t', [[1, 2]]);
    await controller.setBroker(2, '127.0.0.1', 9093, false);
    expect(partition('t', 0)).toMatchObject({ leader: 1, isr: [1] });
    await controller.setBroker(1, '127.0.0.1', 9092, false);
    expect(partition('t', 0)).toMatchObject({ leader: -1, isr: [1] });
    // Broker 2 is alive again but not in the ISR: no clean leader.
    await controller.setBroker(2, '127.0.0.1', 9093, true);
    expect(partition('t', 0).leader).toBe(-1);
    await controller.setBroker(1, '127.0.0.1', 9092, true);
    expect(partition('t', 0)).toMatchObject({ leader: 1, isr: [1] });
  });

  it('with unclean.leader.election.enable, elects a live replica outside the ISR', async () => {
    const { controller, create, partition } = await start();
    await create('t', [[1, 2]], { 'unclean.leader.election.enable': 'true' });
    await controller.setBroker(2, '127.0.0.1', 9093, false);
    await controller.setBroker(1, '127.0.0.1', 9092, false);
    await controller.setBroker(2, '127.0.0.1', 9093, true);
    expect(partition('t', 0)).toMatchObject({ leader: 2, isr: [2] });
  });

  it('AlterPartition: accepts the leader\'s ISR at the current epochs; a rejoining preferred replica leads again', async () => {
    const { controller, create, partition } = await start();
    await create('t');
    await controller.setBroker(1, '127.0.0.1', 9092, false);
    await controller.setBroker(1, '127.0.0.1', 9092, true);
    const p = partition('t', 0);
    expect(p).toMatchObject({ leader: 2, isr: [2, 3] });
    const r = await controller.alterPartition(2, { topic: 't', partition: 0, leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, isr: [1, 2, 3] });
    expect(r).toEqual({ errorCode: 0, errorMessage: null });
    expect(partition('t', 0)).toMatchObject({ leader: 1, isr: [1, 2, 3], leaderEpoch: p.leaderEpoch + 1 });
  });

  it('AlterPartition: refuses a stale leader, a stale partition epoch and an ISR without the leader; drops dead brokers', async () => {
    const { controller, create, partition } = await start();
    await create('t');
    const p = partition('t', 0);
    const ask = (leaderId: number, over: Partial<{ leaderEpoch: number; partitionEpoch: number; isr: number[]; topic: string }>) =>
      controller.alterPartition(leaderId, { topic: 't', partition: 0, leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, isr: [1, 2], ...over });
    expect(errorName((await ask(2, {})).errorCode)).toBe('FENCED_LEADER_EPOCH');
    expect(errorName((await ask(1, { leaderEpoch: p.leaderEpoch + 1 })).errorCode)).toBe('FENCED_LEADER_EPOCH');
    expect(errorName((await ask(1, { partitionEpoch: p.partitionEpoch - 1 })).errorCode)).toBe('INVALID_UPDATE_VERSION');
    expect(errorName((await ask(1, { isr: [2, 3] })).errorCode)).toBe('INVALID_REQUEST');
    expect(errorName((await ask(1, { topic: 'nope' })).errorCode)).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(partition('t', 0)).toEqual(p); // nothing changed
    await controller.setBroker(3, '127.0.0.1', 9094, false);
    const q = partition('t', 0);
    expect((await controller.alterPartition(1, { topic: 't', partition: 0, leaderEpoch: q.leaderEpoch, partitionEpoch: q.partitionEpoch, isr: [3, 1, 2] })).errorCode).toBe(ErrorCode.NONE);
    expect(partition('t', 0).isr).toEqual([1, 2]);
  });
});

describe('Controller: producer ids', () => {
  it('hands out blocks that never overlap, also after a restart on the same catalog', async () => {
    const { controller } = await start();
    const a = await controller.allocateProducerIds(1000);
    const b = await controller.allocateProducerIds(1000);
    expect(b.firstProducerId).toBe(a.firstProducerId + 1000);
    const restarted = new Controller(t.reopen(), brokerConfig());
    const c = await restarted.allocateProducerIds(10);
    expect(c.firstProducerId).toBe(b.firstProducerId + 1000);
  });
});
