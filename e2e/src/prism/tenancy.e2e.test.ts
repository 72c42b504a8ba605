// PrismNamespace, cluster-scoped: the operator runs with `--set tenantNamespaces=true` and the
// chart's tenancy ClusterRole (settings.tenantNamespaces), installed here by hand rather than by
// useOperator, whose operators must not reconcile cluster-scoped tenants of other files. The
// sample provisions its Namespace with quota, limits, policies and bindings; a converged tenant
// makes no write; deleting it is refused while the Namespace holds a workload, and goes ahead
// once it is gone.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { V1Namespace } from '@kubernetes/client-node';
import { ResourceTypes, resourceType, type KubeClient } from '@operators/k8s-common';
import { createTestNamespace, sleep, testClient, waitFor } from '@operators/k8s-common/testing';
import { installChart, OperatorProcess } from '../support/operator-process.ts';
import { condition, example, PrismNamespaces, type Resource } from './support.ts';

const ResourceQuotas = resourceType('v1', 'ResourceQuota', 'resourcequotas');
const LimitRanges = resourceType('v1', 'LimitRange', 'limitranges');
const TENANCY_ROLE = 'prism-operator-tenancy';

describe('Prism operator: PrismNamespace', () => {
  let client: KubeClient;
  let operator: OperatorProcess;
  let operatorNamespace = '';
  const cleanups: (() => Promise<void>)[] = [];
  const tenant = `tenant-acme-${randomBytes(3).toString('hex')}`;
  const retained = `tenant-kept-${randomBytes(3).toString('hex')}`;
  const forced = `tenant-gone-${randomBytes(3).toString('hex')}`;
  const foreign = `tenant-foreign-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    client = await testClient();
    // Cluster-scoped: left behind by an earlier run that did not finish, it would block helm install.
    await client.tryDelete(ResourceTypes.ClusterRoleBinding, TENANCY_ROLE);
    await client.tryDelete(ResourceTypes.ClusterRole, TENANCY_ROLE);
    const operatorNs = await createTestNamespace(client, 'prism-tenancy-system');
    const watched = await createTestNamespace(client, 'prism-tenancy');
    cleanups.push(watched.cleanup, operatorNs.cleanup);
    operatorNamespace = operatorNs.name;
    const install = installChart('prism-operator', operatorNs.name, ['rbac.scope=namespace', `watchNamespaces={${watched.name}}`, 'settings.tenantNamespaces=true']);
    operator = new OperatorProcess('prism-operator', [
      `--kubeconfig=${install.kubeconfigPath}`,
      `--namespaces=${watched.name}`,
      '--leader-elect=true',
      `--leader-election-namespace=${operatorNs.name}`,
      '--resync-period=5s',
      '--set=tenantNamespaces=true',
    ]);
    await operator.start();
  });

  afterAll(async () => {
    const code = await operator?.stop();
    // Whatever a failed test left: the tenant without its finalizer, its Namespace, the helm release's ClusterRole.
    for (const name of [tenant, retained, forced, foreign]) {
      if (await client.tryGet(PrismNamespaces, name)) {
        await client.patch(PrismNamespaces, name, undefined, { metadata: { finalizers: null } });
        await client.tryDelete(PrismNamespaces, name);
      }
      await client.tryDelete(ResourceTypes.Namespace, name);
    }
    if (operatorNamespace) execFileSync('helm', ['uninstall', 'prism-operator', '--namespace', operatorNamespace], { stdio: 'pipe' });
    for (const cleanup of cleanups) await cleanup();
    await client?.close();
    expect({ code, logs: code === 0 ? '' : operator?.logs().slice(-4000) }).toEqual({ code: 0, logs: '' });
  });

  const get = () => client.get<Resource>(PrismNamespaces, tenant);
  /** A Deployment (no replicas): a workload that counts against deleting the Namespace. */
  const createWorkload = (namespace: string) =>
    client.create(ResourceTypes.Deployment, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'tenant-app', namespace },
      spec: { replicas: 0, selector: { matchLabels: { app: 'tenant-app' } }, template: { metadata: { labels: { app: 'tenant-app' } }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] } } },
    });

  it('the sample provisions its Namespace with Pod Security, quota, limits, default-deny and role bindings', async () => {
    const [sample] = example('prismnamespace_example', '');
    await client.create(PrismNamespaces, { ...sample!, metadata: { name: tenant } });
    await waitFor(async () => {
      const current = await get();
      return current.status?.phase === 'Active' && condition(current, 'Ready')?.status === 'True';
    }, { timeoutMs: 90_000, description: 'the tenant to be Active' });
    const namespace = await client.get<V1Namespace>(ResourceTypes.Namespace, tenant);
    expect(namespace.metadata?.labels).toMatchObject({ tenant: 'acme', 'prism.io/namespace': tenant, 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(namespace.metadata?.ownerReferences).toBeUndefined();
    expect(await client.tryGet(ResourceQuotas, 'prism-quota', tenant)).toBeDefined();
    expect(await client.tryGet(LimitRanges, 'prism-limits', tenant)).toBeDefined();
    expect(await client.tryGet(ResourceTypes.NetworkPolicy, 'prism-default-deny', tenant)).toBeDefined();
    for (const binding of ['prism-edit', 'prism-view']) expect(await client.tryGet(ResourceTypes.RoleBinding, binding, tenant)).toBeDefined();
  });

  it('makes no write in the steady state', async () => {
    await sleep(3_000);
    const before = await operator.writesByResource();
    await sleep(12_000);
    expect(await operator.writesByResource()).toEqual(before);
  });

  it('while paused a change reaches nothing in the Namespace, and Paused=True says so; unpausing applies it', async () => {
    const pods = async () => (await client.get<{ spec?: { hard?: Record<string, string> } } & Resource>(ResourceQuotas, 'prism-quota', tenant)).spec?.hard?.['pods'];
    await client.patch(PrismNamespaces, tenant, undefined, { metadata: { annotations: { 'prism.io/pause-reconciliation': 'true' } } });
    await waitFor(async () => condition(await get(), 'Paused')?.status === 'True', { description: 'Paused=True' });
    await client.patch(PrismNamespaces, tenant, undefined, { spec: { resourceQuota: { hard: { pods: '300' } } } });
    await sleep(6_000); // a resync period and then some
    expect(await pods()).toBe('200');
    await client.patch(PrismNamespaces, tenant, undefined, { metadata: { annotations: { 'prism.io/pause-reconciliation': null } } });
    await waitFor(async () => (await pods()) === '300', { description: 'the quota changed after unpausing' });
    await waitFor(async () => !condition(await get(), 'Paused'), { description: 'no Paused condition' });
  });

  it('refuses to delete a Namespace that holds a workload, and deletes it once the workload is gone', async () => {
    await createWorkload(tenant);
    await client.delete(PrismNamespaces, tenant);
    const blocked = await waitFor(async () => {
      const current = await get();
      return condition(current, 'DeletionBlocked')?.status === 'True' && current;
    }, { description: 'DeletionBlocked' });
    expect(condition(blocked, 'DeletionBlocked')).toMatchObject({ reason: 'WorkloadsRemain' });
    expect(condition(blocked, 'DeletionBlocked')?.message).toContain('1 Deployment');
    expect((await client.get<V1Namespace>(ResourceTypes.Namespace, tenant)).status?.phase).toBe('Active');

    await client.delete(ResourceTypes.Deployment, 'tenant-app', tenant);
    await waitFor(async () => !(await client.tryGet(PrismNamespaces, tenant)), { timeoutMs: 120_000, description: 'the PrismNamespace to be gone' });
    await waitFor(async () => !(await client.tryGet(ResourceTypes.Namespace, tenant)), { timeoutMs: 120_000, description: 'the Namespace to be deleted' });
  }, 200_000);

  it('with deletionPolicy Retain, deleting it keeps the Namespace, what it holds and its quota, and removes the finalizer', async () => {
    const [sample] = example('prismnamespace_example', '');
    await client.create(PrismNamespaces, { ...sample!, metadata: { name: retained }, spec: { ...sample!.spec, deletionPolicy: 'Retain' } });
    await waitFor(async () => (await client.get<Resource>(PrismNamespaces, retained)).status?.phase === 'Active', { timeoutMs: 90_000, description: 'the retained tenant to be Active' });
    const quota = await client.get<Resource>(ResourceQuotas, 'prism-quota', retained);
    expect(quota.metadata.ownerReferences?.map((ref) => ref.kind)).toEqual(['PrismNamespace']);
    await client.create(ResourceTypes.ConfigMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tenant-data', namespace: retained }, data: { keep: 'me' } });

    await client.delete(PrismNamespaces, retained);
    await waitFor(async () => !(await client.tryGet(PrismNamespaces, retained)), { timeoutMs: 60_000, description: 'the PrismNamespace to be gone' });
    // Long enough for the garbage collector to act on anything still owned by the deleted PrismNamespace.
    await sleep(5_000);
    expect((await client.get<V1Namespace>(ResourceTypes.Namespace, retained)).status?.phase).toBe('Active');
    expect(await client.tryGet(ResourceTypes.ConfigMap, 'tenant-data', retained)).toBeDefined();
    const kept = await client.get<Resource>(ResourceQuotas, 'prism-quota', retained);
    expect({ uid: kept.metadata.uid, owners: kept.metadata.ownerReferences ?? [] }).toEqual({ uid: quota.metadata.uid, owners: [] });
    for (const binding of ['prism-edit', 'prism-view']) expect(await client.tryGet(ResourceTypes.RoleBinding, binding, retained)).toBeDefined();
    expect(await client.tryGet(ResourceTypes.NetworkPolicy, 'prism-default-deny', retained)).toBeDefined();
  }, 150_000);

  it('with deletionPolicy Delete, deleting it deletes the Namespace even with a workload in it', async () => {
    const [sample] = example('prismnamespace_example', '');
    await client.create(PrismNamespaces, { ...sample!, metadata: { name: forced }, spec: { ...sample!.spec, deletionPolicy: 'Delete' } });
    await waitFor(async () => (await client.get<Resource>(PrismNamespaces, forced)).status?.phase === 'Active', { timeoutMs: 90_000, description: 'the tenant to be Active' });
    await createWorkload(forced);
    await client.delete(PrismNamespaces, forced);
    await waitFor(async () => !(await client.tryGet(PrismNamespaces, forced)), { timeoutMs: 120_000, description: 'the PrismNamespace to be gone' });
    await waitFor(async () => !(await client.tryGet(ResourceTypes.Namespace, forced)), { timeoutMs: 120_000, description: 'the Namespace to be deleted' });
  }, 200_000);

  it('never takes over a Namespace it did not create, says so, and leaves it when deleted', async () => {
    await client.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: foreign, labels: { owner: 'someone-else' } } });
    const [sample] = example('prismnamespace_example', '');
    await client.create(PrismNamespaces, { ...sample!, metadata: { name: foreign }, spec: { ...sample!.spec, deletionPolicy: 'Delete' } });
    const refused = await waitFor(async () => {
      const current = await client.get<Resource>(PrismNamespaces, foreign);
      return condition(current, 'Ready')?.reason === 'NamespaceNotManaged' && current;
    }, { timeoutMs: 60_000, description: 'Ready=False NamespaceNotManaged' });
    expect(condition(refused, 'Ready')).toMatchObject({ status: 'False' });
    expect(await client.tryGet(ResourceQuotas, 'prism-quota', foreign)).toBeUndefined();
    expect((await client.get<V1Namespace>(ResourceTypes.Namespace, foreign)).metadata?.labels).not.toHaveProperty('prism.io/namespace');

    // Even with deletionPolicy Delete: it was never the operator's to delete.
    await client.delete(PrismNamespaces, foreign);
    await waitFor(async () => !(await client.tryGet(PrismNamespaces, foreign)), { timeoutMs: 60_000, description: 'the PrismNamespace to be gone' });
    await sleep(3_000);
    expect((await client.get<V1Namespace>(ResourceTypes.Namespace, foreign)).status?.phase).toBe('Active');
  }, 120_000);
});
