// What only cluster-wide RBAC allows (the chart's rbac.scope=cluster): the Kubernetes API
// collector's own read-only ClusterRole and binding, deleted by the operator when the collector goes
// (cluster-scoped objects take no owner reference), also when deleted while the operator was down,
// the namespace's Pod Security labels, and the etcd
// collector finding its endpoints from kubeadm's etcd pods in kube-system (one is made here, as
// kubeadm writes it). The operator's generated rules are bound cluster-wide here, as the chart's
// ClusterRole would be.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1ClusterRole, V1Deployment, V1Namespace, V1Pod, V1ServiceAccount } from '@kubernetes/client-node';
import { load as loadYaml } from 'js-yaml';
import { ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { testClient, waitFor } from '@operators/k8s-common/testing';
import { repoRoot, useOperator } from '../support/operator-process.ts';
import { condition, example, TapioClusters, TapioCollectors, waitForReady, WITHOUT_WEBHOOKS, type Tapio } from './support.ts';

describe('Tapio with cluster-wide RBAC', () => {
  const env = useOperator('tapio-operator', 'tapio-rbac', WITHOUT_WEBHOOKS);
  const grant = `tapio-rbac-e2e-${process.pid}`;
  const etcdPod = `etcd-tapio-e2e-${process.pid}`;
  // Its own client: useOperator's is closed by the time this file's afterAll runs.
  let admin: KubeClient;

  beforeAll(async () => {
    admin = await testClient();
    const accounts = await env.client.list<V1ServiceAccount>(ResourceTypes.ServiceAccount, { labelSelector: 'app.kubernetes.io/instance=tapio-operator' });
    const account = accounts.items.find((sa) => sa.metadata?.namespace?.startsWith('tapio-rbac-system'))!;
    const rules = loadYaml(readFileSync(join(repoRoot, 'charts', 'tapio-operator', 'files', 'rbac-rules.yaml'), 'utf8'));
    await admin.create(ResourceTypes.ClusterRole, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: grant }, rules } as V1ClusterRole);
    await admin.create(ResourceTypes.ClusterRoleBinding, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: grant },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: grant },
      subjects: [{ kind: 'ServiceAccount', name: account.metadata!.name!, namespace: account.metadata!.namespace! }],
    });
  });

  afterAll(async () => {
    await admin?.tryDelete(ResourceTypes.Pod, etcdPod, 'kube-system');
    await admin?.tryDelete(ResourceTypes.ClusterRoleBinding, grant);
    await admin?.tryDelete(ResourceTypes.ClusterRole, grant);
    await admin?.close();
  });

  it('binds the Kubernetes API collector its own read-only ClusterRole, sets the Pod Security labels, and deletes the ClusterRole with the collector', async () => {
    await env.client.create(TapioClusters, example('minimal-development.yaml', env.namespace));
    const ready = await waitForReady(env.client, TapioClusters, env.namespace, 'dev');
    const name = `tapio-collector:${env.namespace}:dev-kubernetes`;
    const collector = await waitFor(async () => {
      const current = await env.client.get<Tapio>(TapioCollectors, 'dev-kubernetes', env.namespace);
      return condition(current, 'ClusterRoleBound')?.status === 'True' && current;
    }, { description: 'ClusterRoleBound=True' });
    expect(collector.metadata.name).toBe('dev-kubernetes');
    const role = await env.client.get<V1ClusterRole>(ResourceTypes.ClusterRole, name);
    expect(role.rules?.every((rule) => rule.verbs.every((verb) => ['get', 'list', 'watch'].includes(verb)))).toBe(true);
    expect(role.rules?.some((rule) => rule.resources?.includes('secrets'))).toBe(false);
    expect(await env.client.tryGet(ResourceTypes.ClusterRoleBinding, name)).toBeDefined();

    // Only a cluster collector runs: the namespace may enforce restricted.
    await waitFor(async () => condition(await env.client.get<Tapio>(TapioClusters, 'dev', env.namespace), 'PodSecurity')?.status === 'True', { description: 'PodSecurity=True' });
    const namespace = await env.client.get<V1Namespace>(ResourceTypes.Namespace, env.namespace);
    expect(namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ready.metadata.name).toBe('dev');

    await env.client.patch(TapioClusters, 'dev', env.namespace, { spec: { collectors: { kubernetes: { enabled: false }, cni: { enabled: true } } } });
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.ClusterRole, name)) && !(await env.client.tryGet(ResourceTypes.ClusterRoleBinding, name)), {
      timeoutMs: 60_000,
      description: 'the collector\'s ClusterRole and binding to be deleted with it',
    });
    // A node collector needs host access: the namespace now enforces privileged.
    await waitFor(async () => (await env.client.get<V1Namespace>(ResourceTypes.Namespace, env.namespace)).metadata?.labels?.['pod-security.kubernetes.io/enforce'] === 'privileged', {
      description: 'the namespace to enforce privileged',
    });
  });

  it('runs the etcd collector only with its certificates, against the endpoints kubeadm\'s etcd pods advertise', async () => {
    await admin.create(ResourceTypes.Pod, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: etcdPod, namespace: 'kube-system', labels: { component: 'etcd', tier: 'control-plane' } },
      spec: { containers: [{ name: 'etcd', image: 'registry.k8s.io/etcd:3.6.8-0', command: ['etcd', '--advertise-client-urls=https://10.0.0.10:2379', '--name=e2e'] }] },
    } as V1Pod);
    await env.client.create(TapioCollectors, {
      apiVersion: TapioCollectors.apiVersion,
      kind: 'TapioCollector',
      metadata: { name: 'etcd', namespace: env.namespace },
      spec: { type: 'etcd', natsUrl: 'nats://nowhere:4222', etcd: { secretName: 'etcd-client' } },
    });
    await waitFor(async () => condition(await env.client.get<Tapio>(TapioCollectors, 'etcd', env.namespace), 'Ready')?.reason === 'SecretNotFound', { description: 'Ready=False SecretNotFound' });
    const certificate = Buffer.from('not a real certificate').toString('base64');
    await env.client.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'etcd-client', namespace: env.namespace }, data: { 'ca.crt': certificate, 'tls.crt': certificate, 'tls.key': certificate } });
    await waitForReady(env.client, TapioCollectors, env.namespace, 'etcd');
    const deployment = await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'etcd', env.namespace);
    const pod = deployment.spec!.template.spec!;
    expect(pod.containers[0]?.env).toContainEqual({ name: 'TAPIO_ETCD_ENDPOINTS', value: 'https://10.0.0.10:2379' });
    expect(pod.volumes).toContainEqual(expect.objectContaining({ name: 'etcd-certificates', secret: expect.objectContaining({ secretName: 'etcd-client' }) }));
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('deletes the ClusterRole of a collector deleted while the operator was down, once it is back', async () => {
    const name = `tapio-collector:${env.namespace}:orphan`;
    await env.client.create(TapioCollectors, {
      apiVersion: TapioCollectors.apiVersion,
      kind: 'TapioCollector',
      metadata: { name: 'orphan', namespace: env.namespace },
      spec: { type: 'kubernetes', natsUrl: 'nats://nowhere:4222' },
    });
    await waitFor(async () => condition(await env.client.get<Tapio>(TapioCollectors, 'orphan', env.namespace), 'ClusterRoleBound')?.status === 'True', { description: 'ClusterRoleBound=True' });
    await env.operator.stop();
    await env.client.delete(TapioCollectors, 'orphan', env.namespace);
    await waitFor(async () => !(await env.client.tryGet(TapioCollectors, 'orphan', env.namespace)), { description: 'the collector to be gone' });
    expect(await env.client.tryGet(ResourceTypes.ClusterRole, name)).toBeDefined();
    await env.operator.start();
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.ClusterRole, name)) && !(await env.client.tryGet(ResourceTypes.ClusterRoleBinding, name)), {
      timeoutMs: 60_000,
      description: 'the orphaned ClusterRole and binding to be deleted',
    });
  });
});
