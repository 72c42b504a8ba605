import type { V1ConfigMap } from '@kubernetes/client-node';
import { ApiError, Backoff, Informer, KubeClient, ResourceTypes, silentLogger, type KubeObject } from '@operators/k8s-common';
import { createTestNamespace, sleep, testClient, testKubeConfig, waitFor } from '@operators/k8s-common/testing';
import { ApiProxy, type ProxiedRequest, type ProxyAction } from '../support/api-proxy.ts';

// Faults between the client and a real API server, made by a proxy on 127.0.0.1 that forwards
// to it: a watch that stalls, watches that end at once, and 429 Too Many Requests.

const configMap = (namespace: string, name: string): V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { a: '1' } });

describe('watches and requests through a faulty path to the API server', () => {
  let admin: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  let proxy: ApiProxy | undefined;
  let client: KubeClient | undefined;
  let informer: Informer<KubeObject> | undefined;

  beforeAll(async () => {
    admin = await testClient();
    ns = await createTestNamespace(admin, 'watch-faults');
  });
  afterAll(async () => {
    await ns.cleanup();
    await admin.close();
  });
  afterEach(async () => {
    await informer?.stop();
    await client?.close();
    await proxy?.close();
    informer = client = proxy = undefined;
  });

  async function throughProxy(decide: (request: ProxiedRequest) => ProxyAction): Promise<KubeClient> {
    proxy = await ApiProxy.start(testKubeConfig(), decide);
    client = await KubeClient.create(proxy.kubeConfig());
    return client;
  }

  it('gives up a watch that stalls a little past its timeout, and sees what changed', async () => {
    let watches = 0;
    const via = await throughProxy((r) => (r.watch && ++watches === 1 ? 'stall' : 'forward'));
    // timeoutSeconds is 2 or 3, so the client's deadline is 4 or 5 s (watchDeadlineMs).
    informer = new Informer<KubeObject>({ client: via, type: ResourceTypes.ConfigMap, namespace: ns.name, minWatchTimeoutSeconds: 2, logger: silentLogger() });
    informer.start();
    await informer.waitForSync();
    await waitFor(() => watches === 1, { description: 'the first watch, which the proxy stalls' });
    await admin.create(ResourceTypes.ConfigMap, configMap(ns.name, 'while-stalled'));

    const started = Date.now();
    await waitFor(() => informer!.get('while-stalled', ns.name), { timeoutMs: 20_000, description: 'the ConfigMap made during the stall in the cache' });
    expect(Date.now() - started).toBeGreaterThan(2_000);
    expect(informer.stats.errors).toBe(1);
    expect(informer.lastFailure?.message).toMatch(/stream was still open \d+ ms after asking the server to end it after [23] s: the connection stalled/);
    expect(informer.stats.lists).toBe(1);
  }, 60_000);

  it('backs off from watches that end at once with no event instead of reconnecting in a hot loop', async () => {
    const via = await throughProxy((r) => (r.watch ? 'end-at-once' : 'forward'));
    informer = new Informer<KubeObject>({ client: via, type: ResourceTypes.ConfigMap, namespace: ns.name, logger: silentLogger(), backoff: new Backoff({ initialMs: 400, maxMs: 2_000 }) });
    informer.start();
    await informer.waitForSync();
    await sleep(4_000);

    // Backing off (jittered, doubling from 400 ms) leaves room for about six watches in 4 s; a
    // hot loop makes hundreds.
    expect(proxy!.watches()).toBeGreaterThanOrEqual(2);
    expect(proxy!.watches()).toBeLessThan(12);
    expect(informer.stats.veryShortWatches).toBe(informer.stats.watches);
    expect(informer.lastFailure?.message).toMatch(/very short watch/);
  }, 30_000);

  it('sends a request again after a 429 Retry-After, and honours the bound and the abort signal', async () => {
    const path = `/api/v1/namespaces/${ns.name}/configmaps/throttled`;
    await admin.create(ResourceTypes.ConfigMap, configMap(ns.name, 'throttled'));
    let throttled = 0;
    let retryAfter = '1';
    const via = await throughProxy((r) => (r.path === path && throttled-- > 0 ? { status: 429, retryAfter } : 'forward'));

    throttled = 2;
    const started = Date.now();
    const cm = await via.get<V1ConfigMap>(ResourceTypes.ConfigMap, 'throttled', ns.name);
    expect(cm.data).toEqual({ a: '1' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(proxy!.seen.filter((r) => r.path === path)).toHaveLength(3);

    // A wait longer than the client allows (10 s) fails at once, with the server's ask in the error.
    throttled = 1;
    retryAfter = '60';
    const tooLong: unknown = await via.get(ResourceTypes.ConfigMap, 'throttled', ns.name).then(() => undefined, (e: unknown) => e);
    expect(tooLong).toBeInstanceOf(ApiError);
    expect((tooLong as ApiError).statusCode).toBe(429);
    expect((tooLong as ApiError).retryAfterSeconds).toBe(60);

    // The caller's signal ends the wait.
    throttled = 1;
    retryAfter = '5';
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const abortedAt = Date.now();
    const aborted: unknown = await via.request({ method: 'GET', path, signal: abort.signal }).then(() => undefined, (e: unknown) => e);
    expect((aborted as ApiError).statusCode).toBe(429);
    expect(Date.now() - abortedAt).toBeLessThan(2_000);
  }, 30_000);
});
