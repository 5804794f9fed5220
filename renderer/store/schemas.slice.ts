// Schemas: the registry's subjects, the open subject's versions and levels, the two versions compared, and
// the last compatibility check of a draft (kept with the draft it was made for, so a changed draft is
// checked again before it can be registered).

import type { CompatibilityReport, SchemaDraft, SchemaRegistryOverview, SubjectDetail } from '../../app/contract.ts';

export interface SchemasSlice {
  schemaOverview: SchemaRegistryOverview | null;
  /** List soft-deleted subjects too. */
  showDeletedSubjects: boolean;
  selectedSubject: string | null;
  subjectDetail: SubjectDetail | null;
  /** The versions compared in the diff: [older, newer]; null: the last two. */
  diffVersions: [number, number] | null;
  schemaCheck: { draft: SchemaDraft; report: CompatibilityReport } | null;
}

export const schemasSlice = (): SchemasSlice => ({
  schemaOverview: null, showDeletedSubjects: false, selectedSubject: null, subjectDetail: null, diffVersions: null, schemaCheck: null,
});

/** True when the draft is exactly the one last checked and that check found it compatible. */
export function isCheckedCompatible(check: SchemasSlice['schemaCheck'], draft: SchemaDraft): boolean {
  return !!check && check.report.valid && check.report.compatible
    && check.draft.subject === draft.subject && check.draft.schemaType === draft.schemaType && check.draft.schema === draft.schema;
}
