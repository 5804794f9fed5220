// Produce one record, or many from a template (with its progress and cancel); save and delete templates.

import type { Bridge, BulkProduceRequest, ImportedRecord, ProducerProgressEvent, ProduceRequest, Template } from '../../app/contract.ts';
import { rememberEarly, takeEarly } from './early-events.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';

/** Sends one record; Kafka's refusal is thrown to the form. */
export async function produce(store: AppStore, bridge: Bridge, req: ProduceRequest): Promise<void> {
  const result = await bridge.call('messages.produce', req);
  store.setState((s) => ({ lastProduced: [result, ...s.lastProduced].slice(0, 20), produceTopic: req.topic }));
}

export async function loadTemplates(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    store.setState({ templates: await bridge.call('templates.list') });
  } catch (e) {
    reportError(store, 'Load templates', e);
  }
}

/** Saves; a refusal (bad template) is thrown to the form. */
export async function saveTemplate(store: AppStore, bridge: Bridge, t: Template): Promise<void> {
  store.setState({ templates: await bridge.call('templates.save', t) });
}

export async function deleteTemplate(store: AppStore, bridge: Bridge, name: string): Promise<void> {
  try {
    store.setState({ templates: await bridge.call('templates.delete', { name }) });
  } catch (e) {
    reportError(store, `Delete template ${name}`, e);
  }
}

/** A few records the template would make; a bad template is thrown to the form with its position. */
export async function previewTemplate(bridge: Bridge, template: Template, count = 3): Promise<ImportedRecord[]> {
  return bridge.call('templates.preview', { template, count });
}

/** Starts sending; a refusal (bad template, bad JSON) is thrown to the form and nothing is sent. */
export async function startBulk(store: AppStore, bridge: Bridge, req: BulkProduceRequest): Promise<void> {
  store.setState({ bulkJob: { jobId: '', topic: req.topic, sent: 0, total: req.count, done: false, cancelled: false, partitions: [] } });
  try {
    const { jobId } = await bridge.call('producer.start', req);
    store.setState((s) => ({ bulkJob: s.bulkJob && { ...s.bulkJob, jobId } }));
    for (const ev of takeEarly<ProducerProgressEvent>(jobId)) applyProducerProgress(store, ev);
  } catch (e) {
    store.setState({ bulkJob: null });
    throw e;
  }
}

export async function cancelBulk(store: AppStore, bridge: Bridge): Promise<void> {
  const id = store.getState().bulkJob?.jobId;
  if (id) await bridge.call('producer.cancel', { jobId: id }).catch((e) => reportError(store, 'Cancel sending', e));
}

export function applyProducerProgress(store: AppStore, ev: ProducerProgressEvent): void {
  const cur = store.getState().bulkJob;
  if (!cur) return;
  if (cur.jobId === '') return rememberEarly(ev.jobId, ev);
  if (cur.jobId === ev.jobId) store.setState({ bulkJob: ev });
}
