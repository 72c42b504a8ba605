// The optional ServiceMonitor, both paths against the pinned prometheus-operator CRDs (skipped with
// a condition while the CRD is not served; created, with its configurable labels, once it is;
// deleted when the field is switched off), the Secret check, and an operator killed mid-work that
// converges after its restart, a field removed meanwhile removed from the child.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Deployment } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, CycloneApps, eventReasons, plainApp, waitForApp, waitForReady } from './support.ts';

describe('CycloneApp integrations', () => {
  const env = useOperator('cyclone-operator', 'cyclone-int');

  it('reports a missing TLS Secret as Ready=False SecretNotFound with an Event, and proceeds once it exists', async () => {
    const name = 'secure';
    await env.client.create(CycloneApps, { ...plainApp(name, { tls: { enabled: true, certificateSecret: 'secure-tls' } }), metadata: { name, namespace: env.namespace } });
    const waiting = await waitForApp(env.client, env.namespace, name, (a) => condition(a, 'Ready')?.reason === 'SecretNotFound', 'Ready=False SecretNotFound');
    expect(condition(waiting, 'Ready')?.message).toContain('Secret "secure-tls" (spec.tls.certificateSecret) not found');
    await waitFor(async () => (await eventReasons(env.client, env.namespace, name)).includes('SecretNotFound'), { description: 'a SecretNotFound Event' });
    await env.client.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'secure-tls', namespace: env.namespace }, stringData: { 'tls.crt': 'x', 'tls.key': 'y' } });
    // No watch on Secrets: the operator looks again after 15 s.
    await waitForReady(env.client, env.namespace, name, 60_000);
  });

  it('creates the ServiceMonitor only once the prometheus-operator CRD is served, and deletes it when switched off', async () => {
    const name = 'monitored';
    const metrics = { serviceMonitor: true, serviceMonitorLabels: { release: 'kube-prometheus' } };
    await env.client.create(CycloneApps, { ...plainApp(name, { observability: { metrics } }), metadata: { name, namespace: env.namespace } });
    const skipped = await waitForReady(env.client, env.namespace, name);
    // Other test files never install this CRD, so it is absent unless a previous run left it.
    if (!(await env.client.tryGet(ResourceTypes.CustomResourceDefinition, 'servicemonitors.monitoring.coreos.com'))) {
      expect(condition(skipped, 'ServiceMonitor')).toMatchObject({ status: 'False', reason: 'CRDNotInstalled' });
    }
    const crdDir = process.env['E2E_UPSTREAM_CRDS']!;
    for (const file of readdirSync(crdDir)) execFileSync('kubectl', ['apply', '--server-side', '-f', join(crdDir, file)], { stdio: 'pipe' });
    const monitor = await waitFor(() => env.client.tryGet<{ metadata: { labels?: Record<string, string> } }>(ResourceTypes.ServiceMonitor, name, env.namespace).catch(() => undefined), {
      timeoutMs: 90_000,
      description: 'the ServiceMonitor created after the CRD appeared',
    });
    expect(monitor.metadata.labels?.['release']).toBe('kube-prometheus');
    await waitForApp(env.client, env.namespace, name, (a) => condition(a, 'ServiceMonitor')?.status === 'True', 'ServiceMonitor=True');

    await env.client.patch(CycloneApps, name, env.namespace, { spec: { observability: { metrics: { serviceMonitor: false } } } });
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.ServiceMonitor, name, env.namespace)), { description: 'the ServiceMonitor deleted' });
    await waitForApp(env.client, env.namespace, name, (a) => !condition(a, 'ServiceMonitor'), 'no ServiceMonitor condition');
  }, 150_000);

  it('killed mid-work, the operator converges after its restart with nothing lost', async () => {
    const name = 'restarted';
    await env.client.create(CycloneApps, { ...plainApp(name, { podAnnotations: { 'example.com/team': 'edge' } }), metadata: { name, namespace: env.namespace } });
    await waitForReady(env.client, env.namespace, name);
    const annotations = async () => (await env.client.get<V1Deployment>(ResourceTypes.Deployment, name, env.namespace)).spec?.template.metadata?.annotations ?? {};
    expect((await annotations())['example.com/team']).toBe('edge');
    await env.operator.kill();
    // Changes made while no operator runs: a version bump, a field removed, and a hand edit of the Deployment.
    await env.client.patch(CycloneApps, name, env.namespace, { spec: { version: '3.0.0', replicas: 3, podAnnotations: null } });
    await env.client.patch(ResourceTypes.Deployment, name, env.namespace, { metadata: { labels: { 'app.kubernetes.io/managed-by': 'someone-else' } } });
    await env.operator.start();
    const app = await waitForApp(env.client, env.namespace, name, (a) => a.status?.lastKnownGoodVersion === '3.0.0' && a.status.readyReplicas === 3 && a.status.phase === 'Running', 'running 3.0.0 with 3 pods');
    expect(app.status?.version).toBe('3.0.0');
    const deployment = await env.client.get<V1Deployment>(ResourceTypes.Deployment, name, env.namespace);
    expect(deployment.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('cyclone-operator');
    expect(deployment.spec?.template.spec?.containers[0]?.image).toBe('cyclone/cyclone-web:v3.0.0');
    // Removed from the CycloneApp while the operator was down: removed from the child after its restart.
    expect((await annotations())['example.com/team']).toBeUndefined();
  });
});
