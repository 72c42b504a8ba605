import { execFileSync } from 'node:child_process';
import type { V1ConfigMap, V1Deployment, V1PersistentVolumeClaim, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes, type KubeClient, type ObjectList } from '@operators/k8s-common';
import { createTestNamespace, testClient, waitFor } from '@operators/k8s-common/testing';

// Proves the local cluster is a real one: the controllers a user's cluster runs (Deployment,
// StatefulSet, garbage collector, PV binder) act on what we create.
describe('the local cluster', () => {
  let client: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    client = await testClient();
    ns = await createTestNamespace(client, 'cluster');
  });
  afterAll(async () => {
    await ns.cleanup();
    await client.close();
  });

  const labels = (app: string) => ({ app });
  const podTemplate = (app: string) => ({
    metadata: { labels: labels(app) },
    spec: { containers: [{ name: app, image: 'registry.example/app:1' }] },
  });

  it('rolls out a Deployment to its ready replicas', async () => {
    await client.create<V1Deployment>(ResourceTypes.Deployment, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns.name },
      spec: { replicas: 2, selector: { matchLabels: labels('web') }, template: podTemplate('web') },
    });
    const ready = await waitFor(async () => {
      const d = await client.get<V1Deployment>(ResourceTypes.Deployment, 'web', ns.name);
      return d.status?.readyReplicas === 2 && d;
    }, { description: 'Deployment web with 2 ready replicas' });
    expect(ready.status?.availableReplicas).toBe(2);
    const replicaSets = await client.list(ResourceTypes.ReplicaSet, { namespace: ns.name, labelSelector: 'app=web' });
    expect(replicaSets.items).toHaveLength(1);
  });

  it('runs a StatefulSet whose claims bind, and garbage-collects its pods with it', async () => {
    const sts = await client.create<V1StatefulSet>(ResourceTypes.StatefulSet, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: ns.name },
      spec: {
        replicas: 2,
        serviceName: 'db',
        selector: { matchLabels: labels('db') },
        template: podTemplate('db'),
        volumeClaimTemplates: [
          { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
        ],
      },
    });
    await waitFor(async () => (await client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'db', ns.name)).status?.readyReplicas === 2, {
      description: 'StatefulSet db with 2 ready replicas',
    });
    const claims = await waitFor(async () => {
      const list = await client.list<V1PersistentVolumeClaim>(ResourceTypes.PersistentVolumeClaim, { namespace: ns.name });
      return list.items.length === 2 && list.items.every((c) => c.status?.phase === 'Bound') && list;
    }, { description: 'two Bound claims' });
    expect(claims.items.map((c) => c.metadata?.name).sort()).toEqual(['data-db-0', 'data-db-1']);

    const pods = await client.list<V1Pod>(ResourceTypes.Pod, { namespace: ns.name, labelSelector: 'app=db' });
    expect(pods.items.every((p) => p.metadata?.ownerReferences?.[0]?.uid === sts.metadata?.uid)).toBe(true);

    await client.delete(ResourceTypes.StatefulSet, 'db', ns.name, { propagationPolicy: 'Background' });
    await waitFor(async () => {
      const left: ObjectList<V1Pod> = await client.list(ResourceTypes.Pod, { namespace: ns.name, labelSelector: 'app=db' });
      return left.items.length === 0;
    }, { description: 'the garbage collector to delete the StatefulSet pods' });
    // Claims from volumeClaimTemplates are data: the default retention policy keeps them.
    const kept = await client.list(ResourceTypes.PersistentVolumeClaim, { namespace: ns.name });
    expect(kept.items).toHaveLength(2);
  });

  it('garbage-collects an owner reference chain: ConfigMap owned by a ConfigMap', async () => {
    const owner = await client.create<V1ConfigMap>(ResourceTypes.ConfigMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: ns.name } });
    await client.create(ResourceTypes.ConfigMap, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'dependent',
        namespace: ns.name,
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata!.uid!, controller: true }],
      },
    });
    await client.delete(ResourceTypes.ConfigMap, 'owner', ns.name);
    await waitFor(async () => (await client.tryGet(ResourceTypes.ConfigMap, 'dependent', ns.name)) === undefined, {
      description: 'the dependent ConfigMap to be garbage-collected',
    });
  });

  it('accepts kubectl apply --server-side and records the field manager', () => {
    const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: ns.name }, data: { k: 'v' } });
    const out = execFileSync('kubectl', ['apply', '--server-side', '--field-manager=e2e', '-f', '-'], { input: manifest, encoding: 'utf8' });
    expect(out).toMatch(/configmap\/ssa serverside-applied/);
    const managed = execFileSync('kubectl', ['get', 'configmap', 'ssa', '-n', ns.name, '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields[*].manager}'], { encoding: 'utf8' });
    expect(managed).toContain('e2e');
  });
});
