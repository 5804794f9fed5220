// Structs shared by several APIs (Kafka's "commonStructs").

import type { FieldSpec } from '../schema.ts';

/** Produce v10+ / Fetch v16+ NodeEndpoints (KIP-951): where the new leaders live. */
export const nodeEndpointFields = [
  { name: 'NodeId', type: 'int32', versions: '0+' },
  { name: 'Host', type: 'string', versions: '0+' },
  { name: 'Port', type: 'int32', versions: '0+' },
  { name: 'Rack', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
] as const satisfies readonly FieldSpec[];

/** Produce v10+ / Fetch v12+ CurrentLeader. */
export const leaderIdAndEpochFields = [
  { name: 'LeaderId', type: 'int32', versions: '0+', default: -1 },
  { name: 'LeaderEpoch', type: 'int32', versions: '0+', default: -1 },
] as const satisfies readonly FieldSpec[];
