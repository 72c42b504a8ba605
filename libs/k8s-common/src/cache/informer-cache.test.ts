import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '../client/kube-client.ts';
import { ResourceTypes } from '../client/resource-type.ts';
import { silentLogger } from '../logging.ts';
import { InformerCache } from './informer-cache.ts';

// Routing only: no informer is started, so no API server is needed.
async function cacheFor(namespaces: string[]): Promise<InformerCache> {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  return new InformerCache({ client: await KubeClient.create(kc), logger: silentLogger(), namespaces });
}

describe('InformerCache', () => {
  it('shares one informer per kind and selector', async () => {
    const cache = await cacheFor([]);
    expect(cache.informerFor(ResourceTypes.ConfigMap)).toBe(cache.informerFor(ResourceTypes.ConfigMap));
    expect(cache.informerFor(ResourceTypes.ConfigMap, { labelSelector: 'a=b' })).not.toBe(cache.informerFor(ResourceTypes.ConfigMap));
  });

  it('answers namespaced reads from the all-namespaces informer', async () => {
    const cache = await cacheFor([]);
    expect(cache.get(ResourceTypes.ConfigMap, 'x', 'ns1')).toBeUndefined();
    expect(cache.list(ResourceTypes.ConfigMap, 'ns1')).toEqual([]);
    expect(cache.hasSynced()).toBe(false);
  });
});
