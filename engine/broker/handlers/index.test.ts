import { describe, expect, it } from 'vitest';
import { ADVERTISED_API_VERSIONS, apiKeyName } from '../../protocol/api-keys.ts';
import { HANDLERS } from './index.ts';

describe('request handlers', () => {
  it('serve every api the broker advertises in ApiVersions, and nothing unadvertised', () => {
    const advertised = ADVERTISED_API_VERSIONS.map((a) => apiKeyName(a.apiKey)).sort();
    const handled = [...HANDLERS.keys()].map(apiKeyName).sort();
    expect(handled).toEqual(advertised);
  });
});
