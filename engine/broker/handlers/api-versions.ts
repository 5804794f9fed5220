// ApiVersions: the version ranges this broker speaks (engine/protocol/api-keys.ts), and from v3 the features
// it supports and has finalized. `transaction.version` level 2 is transactions v2 (KIP-890 part 2): clients
// that see it add partitions through Produce v12 rather than AddPartitionsToTxn, and the producer epoch
// bumps at every EndTxn (v5). Unsupported request versions are answered by the listener with Kafka's v0
// fallback.

import { ADVERTISED_API_VERSIONS } from '../../protocol/api-keys.ts';
import type { Handler, Item, ResponseOf } from './context.ts';

/** Kafka's feature names and levels; every broker of a local cluster runs the same code, so all are final. */
export const FEATURES: readonly { name: string; minVersion: number; maxVersion: number; finalized: number }[] = [
  { name: 'transaction.version', minVersion: 0, maxVersion: 2, finalized: 2 },
];

export const handleApiVersions: Handler<'ApiVersions'> = (): ResponseOf<'ApiVersions'> => ({
  errorCode: 0,
  apiKeys: ADVERTISED_API_VERSIONS.map((a): Item<ResponseOf<'ApiVersions'>['apiKeys']> => ({ apiKey: a.apiKey, minVersion: a.minVersion, maxVersion: a.maxVersion })),
  throttleTimeMs: 0,
  supportedFeatures: FEATURES.map((f) => ({ name: f.name, minVersion: f.minVersion, maxVersion: f.maxVersion })),
  finalizedFeaturesEpoch: 0,
  finalizedFeatures: FEATURES.map((f) => ({ name: f.name, minVersionLevel: f.finalized, maxVersionLevel: f.finalized })),
  zkMigrationReady: false,
});
