// A PrismStack creates and owns its PrismBackends, PrismPatterns, and the proxy and admin
// workloads; a deleted child comes back, a removed entry's child is pruned; its optional
// ServiceMonitor follows prometheus-operator's CRD and the spec. The stack here leaves
// out the sample's KEDA pattern (KEDA's CRDs belong to keda.e2e.test.ts, which runs the whole
// sample).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { V1Deployment, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, example, PrismBackends, PrismPatterns, PrismStacks, readyForGeneration, waitForReady, type Resource } from './support.ts';

describe('Prism operator: PrismStack', () => {
  const env = useOperator('prism-operator', 'prism-stack');
  const controller = (child: Resource) => child.metadata.ownerReferences?.find((ref) => ref.controller);

  it('the stack (without its KEDA pattern) reaches Ready and owns its backends, patterns, proxy and admin', async () => {
    const [stack] = example('prismstack_example', env.namespace);
    const patterns = (stack!.spec['patterns'] as { name: string; autoscaling: { scaler: string } }[]).filter((p) => p.autoscaling.scaler !== 'keda');
    await env.client.create<Resource>(PrismStacks, { ...stack!, spec: { ...stack!.spec, patterns } });
    const ready = await waitForReady(env.client, PrismStacks, 'prism', env.namespace, 150_000);
    expect(ready.status?.phase).toBe('Running');
    for (const name of ['prism-kafka', 'prism-cache']) expect(controller(await env.client.get<Resource>(PrismBackends, name, env.namespace))).toMatchObject({ kind: 'PrismStack', name: 'prism' });
    for (const name of ['prism-events-producer', 'prism-sessions']) {
      const pattern = await env.client.get<Resource>(PrismPatterns, name, env.namespace);
      expect(controller(pattern)).toMatchObject({ kind: 'PrismStack', name: 'prism' });
      expect(pattern.spec['backend']).toMatch(/^prism-(kafka|cache)$/);
    }
    for (const name of ['prism-proxy', 'prism-admin']) expect(await env.client.tryGet(ResourceTypes.Deployment, name, env.namespace)).toBeDefined();
    const hpa = await env.client.get<V2HorizontalPodAutoscaler>(ResourceTypes.HorizontalPodAutoscaler, 'prism-proxy', env.namespace);
    expect(hpa.spec?.metrics?.map((m) => m.type).sort()).toEqual(['Pods', 'Resource']);
  }, 200_000);

  // prometheus-operator's CRDs are cluster-wide and other files install them at any time: the
  // condition must agree with whether the CRD is served, and once it is (installed here, never
  // removed) the ServiceMonitor follows. Before the tests that delete children: their repeated
  // Created Events reach the server as series updates up to 30 s later, which the no-write check
  // here would count.
  it('asked for a ServiceMonitor, makes it once the CRD is served, with the labels Prometheus selects, writes nothing more once converged, and deletes it when switched off', async () => {
    const serviceMonitor = { enabled: true, labels: { release: 'kube-prometheus-stack' } };
    await env.client.patch(PrismStacks, 'prism', env.namespace, { spec: { observability: { metrics: { serviceMonitor } } } });
    const reported = await waitFor(async () => {
      const current = await env.client.get<Resource>(PrismStacks, 'prism', env.namespace);
      return current.status?.observedGeneration === current.metadata.generation && condition(current, 'ServiceMonitor') && current;
    }, { description: 'the ServiceMonitor condition' });
    const served = Boolean(await env.client.tryGet(ResourceTypes.CustomResourceDefinition, 'servicemonitors.monitoring.coreos.com'));
    if (condition(reported, 'ServiceMonitor')?.status === 'False') {
      expect(condition(reported, 'ServiceMonitor')).toMatchObject({ reason: 'CRDNotInstalled' });
      expect(condition(reported, 'ServiceMonitor')?.message).toContain('spec.observability.metrics.serviceMonitor.enabled is true');
    } else {
      expect(served).toBe(true);
    }
    expect(condition(reported, 'Ready')).toMatchObject({ status: 'True' });

    const crdDir = process.env['E2E_UPSTREAM_CRDS']!;
    execFileSync('kubectl', ['apply', '--server-side', '-f', join(crdDir, 'monitoring.coreos.com_servicemonitors.yaml')], { stdio: 'pipe' });
    execFileSync('kubectl', ['wait', '--for=condition=Established', '--timeout=60s', 'crd/servicemonitors.monitoring.coreos.com'], { stdio: 'pipe' });
    const monitor = await waitFor(() => env.client.tryGet<Resource & { spec: { endpoints: unknown[] } }>(ResourceTypes.ServiceMonitor, 'prism', env.namespace).catch(() => undefined), {
      timeoutMs: 90_000,
      description: 'the ServiceMonitor created once the CRD is served',
    });
    expect(monitor.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack', 'app.kubernetes.io/instance': 'prism' });
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' }]);
    await waitFor(async () => condition(await env.client.get<Resource>(PrismStacks, 'prism', env.namespace), 'ServiceMonitor')?.status === 'True', { description: 'ServiceMonitor=True' });
    // With the ServiceMonitor in place, a converged stack still makes no write.
    await sleep(3_000);
    const before = await env.operator.writesByResource();
    await sleep(12_000);
    expect(await env.operator.writesByResource()).toEqual(before);

    await env.client.patch(PrismStacks, 'prism', env.namespace, { spec: { observability: { metrics: { serviceMonitor: { enabled: false } } } } });
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.ServiceMonitor, 'prism', env.namespace)), { description: 'the ServiceMonitor deleted' });
    await waitFor(async () => !condition(await env.client.get<Resource>(PrismStacks, 'prism', env.namespace), 'ServiceMonitor'), { description: 'no ServiceMonitor condition' });
  }, 150_000);

  it.each([
    ['PrismPattern', PrismPatterns, 'prism-sessions'],
    ['PrismBackend', PrismBackends, 'prism-cache'],
    ['proxy Deployment', ResourceTypes.Deployment, 'prism-proxy'],
  ])('a deleted child %s comes back', async (_kind, type, name) => {
    const before = await env.client.get<Resource>(type, name, env.namespace);
    await env.client.delete(type, name, env.namespace);
    const after = await waitFor(async () => {
      const current = await env.client.tryGet<Resource>(type, name, env.namespace);
      return current && current.metadata.uid !== before.metadata.uid && current;
    }, { description: `the stack to recreate ${name}` });
    expect(controller(after)).toMatchObject({ kind: 'PrismStack', name: 'prism' });
    await waitForReady(env.client, PrismStacks, 'prism', env.namespace);
  });

  it('while paused a change reaches no child, and Paused=True says so; unpausing applies it', async () => {
    const proxyImage = async () => (await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'prism-proxy', env.namespace)).spec?.template.spec?.containers[0]?.image;
    const before = await proxyImage();
    await env.client.patch(PrismStacks, 'prism', env.namespace, { metadata: { annotations: { 'prism.io/pause-reconciliation': 'true' } } });
    await waitFor(async () => condition(await env.client.get<Resource>(PrismStacks, 'prism', env.namespace), 'Paused')?.status === 'True', { description: 'Paused=True' });
    await env.client.patch(PrismStacks, 'prism', env.namespace, { spec: { proxy: { image: 'registry.k8s.io/pause:3.10' } } });
    await sleep(6_000); // a resync period and then some
    expect(await proxyImage()).toBe(before);
    const paused = await env.client.get<Resource>(PrismStacks, 'prism', env.namespace);
    expect(readyForGeneration(paused)).toBe(false);
    await env.client.patch(PrismStacks, 'prism', env.namespace, { metadata: { annotations: { 'prism.io/pause-reconciliation': null } } });
    await waitFor(async () => (await proxyImage()) === 'registry.k8s.io/pause:3.10', { description: 'the change applied after unpausing' });
    // The status that follows the unpaused reconcile: Ready again, without Paused.
    await waitFor(async () => {
      const current = await env.client.get<Resource>(PrismStacks, 'prism', env.namespace);
      return !condition(current, 'Paused') && condition(current, 'Ready')?.status === 'True';
    }, { description: 'Ready without Paused' });
  });

  it('removing an entry prunes its PrismPattern', async () => {
    const stack = await env.client.get<Resource>(PrismStacks, 'prism', env.namespace);
    const patterns = (stack.spec['patterns'] as { name: string }[]).filter((p) => p.name !== 'sessions');
    await env.client.patch(PrismStacks, 'prism', env.namespace, { spec: { patterns } });
    await waitFor(async () => !(await env.client.tryGet(PrismPatterns, 'prism-sessions', env.namespace)), { description: 'prism-sessions to be pruned' });
  });

  it('switching the admin plane off deletes its Deployment and Service, and the status stops counting it', async () => {
    await env.client.patch(PrismStacks, 'prism', env.namespace, { spec: { admin: { enabled: false } } });
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.Deployment, 'prism-admin', env.namespace)), { description: 'the admin Deployment deleted' });
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.Service, 'prism-admin', env.namespace)), { description: 'the admin Service deleted' });
    const ready = await waitForReady(env.client, PrismStacks, 'prism', env.namespace);
    expect(ready.status).not.toHaveProperty('admin');
  });
});
