import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '../client/kube-client.ts';
import { ResourceTypes } from '../client/resource-type.ts';
import { silentLogger } from '../logging.ts';
import { CacheSyncTimeoutError, NotCachedError } from './cache-errors.ts';
import { InformerCache } from './informer-cache.ts';

// Routing only: nothing answers on port 1, so informers that start fail to connect.
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
    cache.informerFor(ResourceTypes.ConfigMap);
    expect(cache.get(ResourceTypes.ConfigMap, 'x', 'ns1')).toBeUndefined();
    expect(cache.list(ResourceTypes.ConfigMap, 'ns1')).toEqual([]);
    expect(cache.hasSynced()).toBe(false);
  });

  it('refuses reads of a kind no informer was registered for, naming the kind and how to register it', async () => {
    const cache = await cacheFor(['ns1']);
    expect(() => cache.get(ResourceTypes.StatefulSet, 'x', 'ns1')).toThrow(NotCachedError);
    expect(() => cache.list(ResourceTypes.StatefulSet)).toThrow(/no informer for StatefulSet\.apps \(apps\/v1\).*\.owns\(StatefulSet\).*informerFor\(StatefulSet\)/);
    expect(() => cache.ownedBy(ResourceTypes.StatefulSet, 'uid')).toThrow(NotCachedError);
    // Refusing must not register anything behind the caller's back.
    expect(cache.unsynced()).toEqual([]);
  });

  it('names the selectors a kind is cached with when only filtered informers exist', async () => {
    const cache = await cacheFor([]);
    cache.informerFor(ResourceTypes.Pod, { labelSelector: 'app=x' });
    expect(() => cache.list(ResourceTypes.Pod)).toThrow(/cached only with label selector "app=x"/);
    cache.informerFor(ResourceTypes.Pod);
    expect(cache.list(ResourceTypes.Pod)).toEqual([]);
  });

  it('times out waiting for sync with each kind and its last failure', async () => {
    const cache = await cacheFor(['ns1', 'ns2']);
    cache.informerFor(ResourceTypes.ConfigMap);
    cache.informerFor(ResourceTypes.Namespace);
    cache.start();
    try {
      const err: unknown = await cache.waitForSync({ timeoutMs: 1_500 }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(CacheSyncTimeoutError);
      const message = (err as Error).message;
      expect(message).toMatch(/^caches did not sync within 1\.5 s: /);
      expect(message).toMatch(/ConfigMap in namespace ns1: GET \/api\/v1\/namespaces\/ns1\/configmaps: 0 ConnectionError: fetch failed/);
      expect(message).toMatch(/ConfigMap in namespace ns2: /);
      expect(message).toMatch(/Namespace in all namespaces: GET \/api\/v1\/namespaces: /);
    } finally {
      await cache.stop();
    }
  });
});

describe('CacheSyncTimeoutError', () => {
  it('says which RBAC rule a 403 asks for', () => {
    const at = new Date();
    const err = new CacheSyncTimeoutError(120_000, [
      {
        type: ResourceTypes.Deployment,
        labelSelector: 'a=b',
        namespace: 'ns1',
        lastFailure: { statusCode: 403, at, message: 'GET /apis/apps/v1/namespaces/ns1/deployments: 403 Forbidden: deployments.apps is forbidden: User "u" cannot list resource "deployments"' },
      },
      { type: ResourceTypes.ConfigMap, labelSelector: undefined, namespace: undefined, lastFailure: undefined },
    ]);
    expect(err.message).toBe(
      'caches did not sync within 120 s: Deployment.apps in namespace ns1 with label selector "a=b": GET /apis/apps/v1/namespaces/ns1/deployments: 403 Forbidden: ' +
        'deployments.apps is forbidden: User "u" cannot list resource "deployments" (RBAC must allow list and watch on deployments in API group "apps"); ' +
        'ConfigMap in all namespaces: no answer to its list yet',
    );
  });
});
