import type { V1ConfigMap } from '@kubernetes/client-node';
import { Informer, KubeClient, ResourceTypes, silentLogger, type InformerEvent, type KubeObject } from '@operators/k8s-common';
import { createTestNamespace, sleep, testClient, waitFor } from '@operators/k8s-common/testing';
import { PrivateCluster } from '../support/private-cluster.ts';

const configMap = (namespace: string, name: string, value: string): V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { value } });

function recorder() {
  const events: string[] = [];
  const handler = (e: InformerEvent<KubeObject>) => {
    if (e.object.metadata?.name === 'kube-root-ca.crt') return;
    events.push(`${e.type}:${e.object.metadata?.name}:${(e.object as V1ConfigMap).data?.['value'] ?? ''}`);
  };
  return { events, handler };
}

describe('informer faults on a private cluster', () => {
  let cluster: PrivateCluster;
  let client: KubeClient;

  beforeAll(async () => {
    // Without the watch cache, and with etcd compacted every second, a watch from an old
    // resourceVersion gets a real 410 Gone from the API server.
    cluster = await PrivateCluster.start(`faults-${process.pid}`, { 'watch-cache': 'false', 'etcd-compaction-interval': '1s' });
    client = await KubeClient.create(cluster.kubeConfig());
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  });

  it('keeps watching across a kube-apiserver crash and restart, and sees what changed after', async () => {
    await client.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'crash' } });
    const informer = new Informer<KubeObject>({ client, type: ResourceTypes.ConfigMap, namespace: 'crash', logger: silentLogger() });
    const { events, handler } = recorder();
    informer.addHandler(handler);
    informer.start();
    await informer.waitForSync();
    await client.create(ResourceTypes.ConfigMap, configMap('crash', 'before', '1'));
    await waitFor(() => informer.get('before', 'crash'), { description: 'the first ConfigMap in the cache' });

    const restart = cluster.killApiServer();
    await sleep(3_000);
    await restart();
    await waitFor(async () => (await client.list(ResourceTypes.Namespace)).items.length > 0, { timeoutMs: 60_000, description: 'kube-apiserver back' });
    await client.create(ResourceTypes.ConfigMap, configMap('crash', 'after', '2'));
    await client.patch(ResourceTypes.ConfigMap, 'before', 'crash', { data: { value: '3' } });

    await waitFor(() => (informer.get('after', 'crash') && (informer.get('before', 'crash') as V1ConfigMap).data?.['value'] === '3') || undefined, {
      timeoutMs: 60_000,
      description: 'changes made after the restart in the cache',
    });
    expect(informer.stats.errors).toBeGreaterThan(0);
    expect(events).toEqual(['add:before:1', 'add:after:2', 'update:before:3']);
    await informer.stop();
  }, 150_000);

  it('relists after 410 Gone and reports exactly what changed meanwhile', async () => {
    await client.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone' } });
    for (const name of ['keep', 'change', 'remove']) await client.create(ResourceTypes.ConfigMap, configMap('gone', name, '1'));
    const informer = new Informer<KubeObject>({ client, type: ResourceTypes.ConfigMap, namespace: 'gone', logger: silentLogger() });
    const { events, handler } = recorder();
    informer.addHandler(handler);
    informer.start();
    await informer.waitForSync();
    expect(events.sort()).toEqual(['add:change:1', 'add:keep:1', 'add:remove:1']);
    events.length = 0;

    // While the informer is away, change things and let etcd compact past its resourceVersion.
    await informer.stop();
    await client.patch(ResourceTypes.ConfigMap, 'change', 'gone', { data: { value: '2' } });
    await client.delete(ResourceTypes.ConfigMap, 'remove', 'gone');
    await client.create(ResourceTypes.ConfigMap, configMap('gone', 'new', '1'));
    for (let i = 0; i < 5; i++) {
      await client.patch(ResourceTypes.ConfigMap, 'change', 'gone', { metadata: { annotations: { tick: String(i) } } });
      await sleep(1_000);
    }
    informer.start();
    await waitFor(() => informer.stats.relistsAfterGone > 0 && informer.get('new', 'gone') && !informer.get('remove', 'gone'), {
      timeoutMs: 30_000,
      description: 'a relist after 410 Gone',
    });
    // No lost event, no phantom one: keep is untouched, so it is not reported.
    expect(events.sort()).toEqual(['add:new:1', 'delete:remove:1', 'update:change:2']);
    await informer.stop();
  }, 120_000);
});

describe('informer handlers on the shared cluster', () => {
  it('keeps the cache and the other handlers going when a handler throws', async () => {
    const client = await testClient();
    const ns = await createTestNamespace(client, 'handler');
    const informer = new Informer<KubeObject>({ client, type: ResourceTypes.ConfigMap, namespace: ns.name, logger: silentLogger() });
    informer.addHandler(() => {
      throw new Error('handler bug');
    });
    const { events, handler } = recorder();
    informer.addHandler(handler);
    informer.start();
    await informer.waitForSync();
    for (let i = 0; i < 5; i++) await client.create(ResourceTypes.ConfigMap, configMap(ns.name, `cm-${i}`, String(i)));
    await waitFor(() => informer.list().filter((o) => o.metadata?.name?.startsWith('cm-')).length === 5, { description: 'all five in the cache' });
    expect(events.filter((e) => e.startsWith('add:cm-'))).toHaveLength(5);
    expect(informer.stats.handlerErrors).toBeGreaterThanOrEqual(5);
    expect(informer.stats.errors).toBe(0);
    await informer.stop();
    await ns.cleanup();
    await client.close();
  });
});
