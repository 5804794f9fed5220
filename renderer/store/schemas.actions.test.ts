// Schemas against a fake bridge: a draft is registered only after a check of that very draft found it
// compatible; levels re-read the list and the open subject; deletes close what is gone.

import { describe, expect, it } from 'vitest';
import type { CompatibilityReport, SchemaDraft, SchemaRegistryOverview, SubjectDetail, SubjectSummary } from '../../app/contract.ts';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { checkDraft, compareVersions, deleteSchema, openSubject, refreshSubjects, registerDraft, setCompatibility, showDeletedSubjects } from './schemas.actions.ts';
import { createAppStore } from './store.ts';

const summary = (subject: string, deleted = false): SubjectSummary => ({ subject, schemaType: 'AVRO', latestVersion: 1, latestId: 1, versionCount: 1, compatibility: null, deleted });
const overview = (...subjects: SubjectSummary[]): SchemaRegistryOverview => ({ url: 'http://127.0.0.1:8081', globalCompatibility: 'BACKWARD', subjects });
const detail = (subject: string, versions: number[], compatibility: SubjectDetail['compatibility'] = null): SubjectDetail => ({
  subject, compatibility, effectiveCompatibility: compatibility ?? 'BACKWARD',
  versions: versions.map((version) => ({ version, id: version, schemaType: 'AVRO', schema: '"string"', references: [], deleted: false })),
});
const report = (compatible: boolean, messages: string[] = []): CompatibilityReport => ({ valid: true, compatible, level: 'BACKWARD', messages });

describe('schemas', () => {
  it('lists subjects, with the soft-deleted ones when asked', async () => {
    const store = createAppStore();
    const { bridge, calls } = fakeBridge({ 'schemas.subjects': (r) => (r.includeDeleted ? overview(summary('a'), summary('b', true)) : overview(summary('a'))) });
    await refreshSubjects(store, bridge);
    expect(store.getState().schemaOverview?.subjects.map((s) => s.subject)).toEqual(['a']);
    await showDeletedSubjects(store, bridge, true);
    expect(store.getState().schemaOverview?.subjects.map((s) => [s.subject, s.deleted])).toEqual([['a', false], ['b', true]]);
    expect(calls.map((c) => c.request)).toEqual([{ includeDeleted: false }, { includeDeleted: true }]);
  });

  it('a refused list is a notice and keeps what was shown', async () => {
    const store = createAppStore();
    let down = false;
    const { bridge } = fakeBridge({ 'schemas.subjects': () => (down ? refuse('REGISTRY_UNAVAILABLE', 'not answering')() : overview(summary('a'))) });
    await refreshSubjects(store, bridge);
    down = true;
    await refreshSubjects(store, bridge);
    expect(store.getState().schemaOverview?.subjects).toHaveLength(1);
    expect(store.getState().errors.map((e) => e.name)).toEqual(['REGISTRY_UNAVAILABLE']);
  });

  it('registers only a draft checked compatible, as it was checked; an incompatible one keeps the messages', async () => {
    const store = createAppStore();
    const registered: SchemaDraft[] = [];
    const { bridge } = fakeBridge({
      'schemas.check': (d) => (d.schema.includes('bad') ? report(false, ['{oldSchemaVersion: 1, direction: BACKWARD, reader field note has no default}']) : report(true)),
      'schemas.register': (d) => {
        registered.push(d);
        return { id: 2, version: 2 };
      },
      'schemas.subjects': () => overview(summary('orders-value')),
      'schemas.subject': (r) => detail(r.subject, [1, 2]),
    });
    const bad: SchemaDraft = { subject: 'orders-value', schemaType: 'AVRO', schema: 'bad' };
    expect((await checkDraft(store, bridge, bad)).messages[0]).toContain('note');
    await expect(registerDraft(store, bridge, bad)).rejects.toMatchObject({ name: 'NOT_CHECKED' });
    const good: SchemaDraft = { ...bad, schema: 'good' };
    await expect(registerDraft(store, bridge, good)).rejects.toMatchObject({ name: 'NOT_CHECKED' });
    await checkDraft(store, bridge, good);
    await expect(registerDraft(store, bridge, { ...good, schema: 'good, edited after the check' })).rejects.toMatchObject({ name: 'NOT_CHECKED' });
    expect(registered).toEqual([]);
    expect(await registerDraft(store, bridge, good)).toEqual({ id: 2, version: 2 });
    expect(registered).toEqual([good]);
    expect(store.getState()).toMatchObject({ selectedSubject: 'orders-value', schemaCheck: null });
    expect(store.getState().subjectDetail?.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('changing a level re-reads the list and the open subject; a refusal is a notice', async () => {
    const store = createAppStore();
    let level: SubjectDetail['compatibility'] = null;
    const { bridge, methods } = fakeBridge({
      'schemas.setCompatibility': (r) => {
        if (r.level === 'FULL') refuse('REGISTRY_ERROR', 'nope')();
        level = r.level;
      },
      'schemas.subjects': () => overview(summary('s')),
      'schemas.subject': (r) => detail(r.subject, [1], level),
    });
    await openSubject(store, bridge, 's');
    await setCompatibility(store, bridge, 's', 'NONE');
    expect(store.getState().subjectDetail).toMatchObject({ compatibility: 'NONE', effectiveCompatibility: 'NONE' });
    expect(methods()).toEqual(['schemas.subject', 'schemas.setCompatibility', 'schemas.subjects', 'schemas.subject']);
    await setCompatibility(store, bridge, 's', 'FULL');
    expect(store.getState().errors.map((e) => e.action)).toEqual(['Set the compatibility of s']);
    expect(store.getState().subjectDetail?.compatibility).toBe('NONE');
  });

  it('compares versions older first; deleting the whole subject for good closes it', async () => {
    const store = createAppStore();
    let gone = false;
    const { bridge } = fakeBridge({
      'schemas.subject': (r) => (gone ? refuse('SUBJECT_NOT_FOUND', 'Subject not found')() : detail(r.subject, [1, 2, 3])),
      'schemas.delete': (r) => {
        gone = r.version === null && r.permanent;
      },
      'schemas.subjects': () => (gone ? overview() : overview(summary('s'))),
    });
    await openSubject(store, bridge, 's');
    compareVersions(store, 3, 1);
    expect(store.getState().diffVersions).toEqual([1, 3]);
    await deleteSchema(store, bridge, 's', 3, false);
    expect(store.getState()).toMatchObject({ selectedSubject: 's', diffVersions: null });
    await deleteSchema(store, bridge, 's', null, true);
    expect(store.getState()).toMatchObject({ selectedSubject: null, subjectDetail: null });
    expect(store.getState().errors).toEqual([]);
  });
});
