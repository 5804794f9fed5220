// ApiVersions: the version ranges this broker speaks (engine/protocol/api-keys.ts). Unsupported request
// versions are answered by the listener with Kafka's v0 fallback.

import { ADVERTISED_API_VERSIONS } from '../../protocol/api-keys.ts';
import type { Handler, Item, ResponseOf } from './context.ts';

export const handleApiVersions: Handler<'ApiVersions'> = (): ResponseOf<'ApiVersions'> => ({
  errorCode: 0,
  apiKeys: ADVERTISED_API_VERSIONS.map((a): Item<ResponseOf<'ApiVersions'>['apiKeys']> => ({ apiKey: a.apiKey, minVersion: a.minVersion, maxVersion: a.maxVersion })),
  throttleTimeMs: 0,
  supportedFeatures: [],
  finalizedFeaturesEpoch: -1,
  finalizedFeatures: [],
  zkMigrationReady: false,
});
