// Schemas: list the subjects, open one, compare versions, change compatibility levels, check a draft
// before registering it, register, delete (soft or permanent).

import type { Bridge, CompatibilityLevel, CompatibilityReport, SchemaDraft } from '../../app/contract.ts';
import { StreamlabError } from '../../app/contract.ts';
import { reportError } from './notices.actions.ts';
import { isCheckedCompatible } from './schemas.slice.ts';
import type { AppStore } from './store.ts';

export async function refreshSubjects(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    const schemaOverview = await bridge.call('schemas.subjects', { includeDeleted: store.getState().showDeletedSubjects });
    store.setState({ schemaOverview });
  } catch (e) {
    reportError(store, 'List schema subjects', e);
  }
}

export async function showDeletedSubjects(store: AppStore, bridge: Bridge, show: boolean): Promise<void> {
  store.setState({ showDeletedSubjects: show });
  await refreshSubjects(store, bridge);
}

export async function openSubject(store: AppStore, bridge: Bridge, subject: string): Promise<void> {
  const same = store.getState().selectedSubject === subject;
  store.setState({ selectedSubject: subject, ...(same ? {} : { subjectDetail: null, diffVersions: null, schemaCheck: null }) });
  try {
    const subjectDetail = await bridge.call('schemas.subject', { subject });
    if (store.getState().selectedSubject === subject) store.setState({ subjectDetail });
  } catch (e) {
    reportError(store, `Open subject ${subject}`, e);
  }
}

export function closeSubject(store: AppStore): void {
  store.setState({ selectedSubject: null, subjectDetail: null, diffVersions: null, schemaCheck: null });
}

/** Compare two versions (in either order: the older one is shown on the left). */
export function compareVersions(store: AppStore, a: number, b: number): void {
  store.setState({ diffVersions: a <= b ? [a, b] : [b, a] });
}

/** subject null: the global level; level null: the subject follows the global level again. */
export async function setCompatibility(store: AppStore, bridge: Bridge, subject: string | null, level: CompatibilityLevel | null): Promise<void> {
  try {
    await bridge.call('schemas.setCompatibility', { subject, level });
  } catch (e) {
    reportError(store, subject === null ? 'Set the global compatibility level' : `Set the compatibility of ${subject}`, e);
  }
  const open = store.getState().selectedSubject;
  await Promise.all([refreshSubjects(store, bridge), open ? openSubject(store, bridge, open) : undefined]);
}

/** The checker's verdict on a draft, kept beside the draft. A refusal (the registry is down) is thrown to the form. */
export async function checkDraft(store: AppStore, bridge: Bridge, draft: SchemaDraft): Promise<CompatibilityReport> {
  const report = await bridge.call('schemas.check', draft);
  store.setState({ schemaCheck: { draft, report } });
  return report;
}

/**
 * Register a draft that was checked and found compatible (the form shows the check first); then the subject
 * and the list are read again. The registry's refusal is thrown to the form.
 */
export async function registerDraft(store: AppStore, bridge: Bridge, draft: SchemaDraft): Promise<{ id: number; version: number }> {
  if (!isCheckedCompatible(store.getState().schemaCheck, draft)) {
    throw new StreamlabError({ name: 'NOT_CHECKED', message: 'Check the schema for compatibility before registering it.' });
  }
  const result = await bridge.call('schemas.register', draft);
  store.setState({ schemaCheck: null });
  await Promise.all([refreshSubjects(store, bridge), openSubject(store, bridge, draft.subject)]);
  return result;
}

/** version null: the whole subject. Deleting the subject (or its last version) for good closes it. */
export async function deleteSchema(store: AppStore, bridge: Bridge, subject: string, version: number | null, permanent: boolean): Promise<void> {
  try {
    await bridge.call('schemas.delete', { subject, version, permanent });
  } catch (e) {
    reportError(store, `Delete ${version === null ? subject : `${subject} version ${version}`}`, e);
    return;
  }
  await refreshSubjects(store, bridge);
  const listed = store.getState().schemaOverview?.subjects.some((s) => s.subject === subject);
  if (store.getState().selectedSubject !== subject) return;
  if (!listed && (version === null || permanent)) {
    // Gone from the list: reopen only if versions are left to show.
    try {
      const subjectDetail = await bridge.call('schemas.subject', { subject });
      store.setState({ subjectDetail, diffVersions: null });
    } catch {
      closeSubject(store);
    }
    return;
  }
  store.setState({ diffVersions: null });
  await openSubject(store, bridge, subject);
}
