// KIP-932 share groups, transport-free: what the coordinator, the share fetch path and handlers use.

export * from './describe.ts';
export * from './record-state.ts';
export * from './share-group.ts';
export * from './share-partition.ts';
export * from './share-session-cache.ts';
export * from './share-snapshot.ts';
export * from './simple-assignor.ts';
