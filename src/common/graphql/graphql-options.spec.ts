import { loadConfig } from '../../config/app-config';
import { graphqlOptions, noStorePlugin } from './graphql-options';

describe('GraphQL options', () => {
  it('turn Apollo’s per-field cache-control plugin off and answer no-store once per request', async () => {
    const plugins = graphqlOptions(loadConfig({ NODE_ENV: 'test' })).plugins as unknown as Record<string, unknown>[];
    expect(plugins).toContainEqual(expect.objectContaining({ __internal_plugin_id__: 'CacheControl', __is_disabled_plugin__: true }));
    expect(plugins).toContain(noStorePlugin);

    const headers = new Map<string, string>();
    const hooks = await noStorePlugin.requestDidStart!({} as never);
    await hooks!.willSendResponse!({ response: { http: { headers } } } as never);
    expect(headers.get('cache-control')).toBe('no-store');
  });
});
