// Confluent Schema Registry's error bodies: {error_code, message}, the HTTP status being the first three
// digits of the code (40401 -> 404, 42201 -> 422, 50001 -> 500). The codes and wording follow Confluent's
// rest/exceptions package so that clients written against it (which switch on error_code) behave the same.

export class RegistryError extends Error {
  constructor(readonly errorCode: number, message: string) {
    super(message);
  }

  get status(): number {
    return this.errorCode < 1000 ? this.errorCode : Math.trunc(this.errorCode / 100);
  }

  body(): { error_code: number; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}

export const Errors = {
  subjectNotFound: (s: string) => new RegistryError(40401, `Subject '${s}' not found.`),
  versionNotFound: (v: number | string) => new RegistryError(40402, `Version ${v} not found.`),
  schemaNotFound: (id?: number) => new RegistryError(40403, id === undefined ? 'Schema not found' : `Schema ${id} not found`),
  subjectSoftDeleted: (s: string) => new RegistryError(40404, `Subject '${s}' was soft deleted.Set permanent=true to delete permanently`),
  subjectNotSoftDeleted: (s: string) => new RegistryError(40405, `Subject '${s}' was not deleted first before being permanently deleted`),
  versionSoftDeleted: (s: string, v: number) => new RegistryError(40406, `Subject '${s}' Version ${v} was soft deleted.Set permanent=true to delete permanently`),
  versionNotSoftDeleted: (s: string, v: number) => new RegistryError(40407, `Subject '${s}' Version ${v} was not deleted first before being permanently deleted`),
  subjectCompatibilityNotConfigured: (s: string) => new RegistryError(40408, `Subject '${s}' does not have subject-level compatibility configured`),
  subjectModeNotConfigured: (s: string) => new RegistryError(40409, `Subject '${s}' does not have subject-level mode configured`),
  incompatible: (s: string, details: string[]) =>
    new RegistryError(409, `Schema being registered is incompatible with an earlier schema for subject "${s}", details: [${details.join(', ')}]`),
  invalidSchema: (detail: string) => new RegistryError(42201, `Invalid schema: ${detail}`),
  invalidVersion: (v: string) =>
    new RegistryError(42202, `The specified version '${v}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`),
  invalidCompatibility: () =>
    new RegistryError(42203, 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive'),
  invalidMode: (m: unknown) => new RegistryError(42204, `Invalid mode '${String(m)}'. Valid values are READWRITE, READONLY, IMPORT`),
  notPermitted: (why: string) => new RegistryError(42205, why),
  referenceExists: (s: string, v: number) => new RegistryError(42206, `One or more references exist to the schema {subject=${s}, version=${v}}`),
  idConflict: (id: number) => new RegistryError(42207, `Overwrite new schema with id ${id} is not permitted.`),
  store: (detail: string) => new RegistryError(50001, `Error in the backend data store: ${detail}`),
  timeout: (detail: string) => new RegistryError(50002, `Operation timed out: ${detail}`),
  http: (status: number, text: string) => new RegistryError(status, `HTTP ${status} ${text}`),
};
