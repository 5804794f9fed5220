// KIP-848 consumer groups, transport-free: what the coordinator and handlers use.

export * from './assignment.ts';
export * from './assignor.ts';
export * from './consumer-group.ts';
export * from './current-assignment-builder.ts';
export * from './describe.ts';
export * from './heartbeat.ts';
export * from './member.ts';
export * from './offset-validation.ts';
export * from './range-assignor.ts';
export * from './snapshot.ts';
export * from './subscription.ts';
export * from './target-assignment.ts';
export * from './uniform-assignor.ts';
