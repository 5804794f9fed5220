// The catalog's dynamic configs (migration 010): BROKER (per broker id, and '' for the cluster-wide
// default) and GROUP configs set through AlterConfigs/IncrementalAlterConfigs. The controller is the only
// writer and validates before it writes; brokers get the rows with the metadata image. A resource's
// configs are replaced as a whole in one transaction, so a failed request leaves the previous set intact.

import type { SqliteDatabase } from './migrate.ts';

/** Kafka's ConfigResource types that have dynamic configs here. */
export const DynamicResourceType = { BROKER: 4, GROUP: 32 } as const;
export type DynamicResourceType = (typeof DynamicResourceType)[keyof typeof DynamicResourceType];

/** resource name -> config name -> value. */
export type DynamicConfigsByResource = Record<string, Record<string, string>>;

export class DynamicConfigStore {
  constructor(private readonly db: SqliteDatabase) {}

  /** Every resource of the type that has configs set, with them. */
  list(resourceType: DynamicResourceType): DynamicConfigsByResource {
    const rows = this.db.prepare('SELECT resource_name, name, value FROM dynamic_configs WHERE resource_type = ? ORDER BY resource_name, name')
      .all(resourceType) as { resource_name: string; name: string; value: string }[];
    const out: DynamicConfigsByResource = {};
    for (const r of rows) (out[r.resource_name] ??= {})[r.name] = r.value;
    return out;
  }

  get(resourceType: DynamicResourceType, resourceName: string): Record<string, string> {
    return this.list(resourceType)[resourceName] ?? {};
  }

  /** Replaces the resource's configs with `configs` (an empty record removes them all). */
  replace(resourceType: DynamicResourceType, resourceName: string, configs: Readonly<Record<string, string>>): void {
    const del = this.db.prepare('DELETE FROM dynamic_configs WHERE resource_type = ? AND resource_name = ?');
    const put = this.db.prepare('INSERT INTO dynamic_configs (resource_type, resource_name, name, value) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      del.run(resourceType, resourceName);
      for (const [name, value] of Object.entries(configs)) put.run(resourceType, resourceName, name, value);
    })();
  }
}
