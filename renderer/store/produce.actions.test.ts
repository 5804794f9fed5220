// Producing against a fake bridge: one record, templates, a bulk job followed by its id.

import { describe, expect, it } from 'vitest';
import type { Template } from '../../app/contract.ts';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { applyProducerProgress, deleteTemplate, produce, saveTemplate, startBulk } from './produce.actions.ts';
import { createAppStore } from './store.ts';

const template: Template = { name: 'orders', key: null, value: 'x', headers: [], format: 'text' };

describe('produce', () => {
  it('keeps the last results newest first and remembers the topic; a refusal is thrown to the form', async () => {
    const store = createAppStore();
    let offset = 0;
    const { bridge } = fakeBridge({ 'messages.produce': (r) => ({ topic: r.topic, partition: 0, offset: offset++, timestamp: 0 }) });
    await produce(store, bridge, { topic: 'a', partition: null, key: null, value: '1', headers: [], format: 'text' } as never);
    await produce(store, bridge, { topic: 'b', partition: null, key: null, value: '2', headers: [], format: 'text' } as never);
    expect(store.getState().lastProduced.map((r) => [r.topic, r.offset])).toEqual([['b', 1], ['a', 0]]);
    expect(store.getState().produceTopic).toBe('b');
    const refused = fakeBridge({ 'messages.produce': refuse('RECORD_TOO_LARGE', 'too large', 10) });
    await expect(produce(store, refused.bridge, { topic: 'a' } as never)).rejects.toMatchObject({ name: 'RECORD_TOO_LARGE', kafkaCode: 10 });
    expect(store.getState().lastProduced).toHaveLength(2);
  });

  it('tracks a bulk send by its job id, even progress that came before the id', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({
      'producer.start': () => {
        applyProducerProgress(store, { jobId: 'j1', topic: 't', sent: 2, total: 5, done: false, cancelled: false, partitions: [] });
        return { jobId: 'j1' };
      },
    });
    await startBulk(store, bridge, { topic: 't', partition: null, count: 5, ratePerSec: 0, compression: 'none', acks: -1, template });
    expect(store.getState().bulkJob).toMatchObject({ jobId: 'j1', sent: 2 });
    applyProducerProgress(store, { jobId: 'other', topic: 't', sent: 99, total: 99, done: true, cancelled: false, partitions: [] });
    applyProducerProgress(store, { jobId: 'j1', topic: 't', sent: 5, total: 5, done: true, cancelled: false, partitions: [{ partition: 0, firstOffset: 0, lastOffset: 4 }] });
    expect(store.getState().bulkJob).toMatchObject({ sent: 5, done: true });
  });

  it('a refused bulk send leaves no job behind', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'producer.start': refuse('INVALID_TEMPLATE', 'line 1: unknown function') });
    await expect(startBulk(store, bridge, { topic: 't', partition: null, count: 5, ratePerSec: 0, compression: 'none', acks: -1, template })).rejects.toMatchObject({ name: 'INVALID_TEMPLATE' });
    expect(store.getState().bulkJob).toBeNull();
  });

  it('saves templates (a refusal thrown to the form) and deletes them (a refusal as a notice)', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'templates.save': (t) => [t], 'templates.delete': refuse('UNKNOWN_TEMPLATE', 'No template orders.') });
    await saveTemplate(store, bridge, template);
    expect(store.getState().templates.map((t) => t.name)).toEqual(['orders']);
    await deleteTemplate(store, bridge, 'orders');
    expect(store.getState().templates).toHaveLength(1);
    expect(store.getState().errors.map((e) => [e.action, e.name])).toEqual([['Delete template orders', 'UNKNOWN_TEMPLATE']]);
  });
});
