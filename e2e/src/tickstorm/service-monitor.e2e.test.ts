// The ServiceMonitor against prometheus-operator's own CRDs (pinned, $E2E_UPSTREAM_CRDS): it has the
// interval, path and labels the spec asks, selects the Service with the metrics port, follows a
// change, is put back after a hand edit, and is deleted when metrics.serviceMonitor goes. Other files
// install these CRDs too, at any moment, and none removes them: this file installs them (a
// server-side apply, harmless when they are there) and never removes them.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Service } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, giveNodesEphemeralStorage, tickStorm, TickStorms, waitForReady, type TickStormObject } from './support.ts';

const NAME = 'monitored';

interface ServiceMonitor {
  metadata: { labels?: Record<string, string> };
  spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path?: string; interval?: string }[] };
}

describe('Tick-Storm operator: the ServiceMonitor with prometheus-operator\'s CRDs', () => {
  const env = useOperator('tickstorm-operator', 'tickstorm-monitor');
  const get = () => env.client.get<TickStormObject>(TickStorms, NAME, env.namespace);
  const monitor = () => env.client.tryGet<ServiceMonitor>(ResourceTypes.ServiceMonitor, NAME, env.namespace);
  const endpoint = async () => (await monitor())?.spec.endpoints[0];

  beforeAll(async () => {
    await giveNodesEphemeralStorage(env.client);
    const crdDir = process.env['E2E_UPSTREAM_CRDS']!;
    for (const file of readdirSync(crdDir)) execFileSync('kubectl', ['apply', '--server-side', '--force-conflicts', '-f', join(crdDir, file)], { stdio: 'pipe' });
    execFileSync('kubectl', ['wait', '--for=condition=Established', '--timeout=60s', 'crd/servicemonitors.monitoring.coreos.com'], { stdio: 'pipe' });
  });

  it('has the interval, path and labels asked, and selects the Service with the metrics port', async () => {
    const metrics = { serviceMonitor: { enabled: true, interval: '15s', path: '/stats', labels: { release: 'kube-prometheus-stack' } } };
    await env.client.create(TickStorms, { ...tickStorm(NAME, { replicas: 1, metrics }), metadata: { name: NAME, namespace: env.namespace } });
    // The operator's discovery caches for 30 s: it may have missed CRDs installed a moment ago.
    const applied = await waitFor(async () => {
      const current = await get();
      return condition(current, 'ServiceMonitor')?.status === 'True' && current;
    }, { timeoutMs: 90_000, description: 'ServiceMonitor=True' });
    expect(condition(applied, 'ServiceMonitor')?.reason).toBe('Applied');
    const created = (await monitor())!;
    expect(created.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack', 'app.kubernetes.io/instance': NAME });
    expect(created.spec.endpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/stats', interval: '15s' })]);
    const services = await env.client.list<V1Service>(ResourceTypes.Service, { namespace: env.namespace, labelSelector: Object.entries(created.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',') });
    expect(services.items.map((s) => [s.metadata?.name, s.spec?.ports?.map((p) => p.name)])).toEqual([[`${NAME}-service`, ['tcp', 'metrics']]]);
    await waitForReady(env.client, env.namespace, NAME);
  }, 120_000);

  it('follows a change of the interval', async () => {
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { metrics: { serviceMonitor: { interval: '45s' } } } });
    await waitFor(async () => (await endpoint())?.interval === '45s', { description: 'the new interval' });
  });

  it('puts back a hand edit', async () => {
    await env.client.patch(ResourceTypes.ServiceMonitor, NAME, env.namespace, { spec: { endpoints: [{ port: 'metrics', path: '/elsewhere', interval: '5m' }] } });
    await waitFor(async () => (await endpoint())?.path === '/stats' && (await endpoint())?.interval === '45s', { description: 'the ServiceMonitor to be put back' });
  });

  it('is deleted when metrics.serviceMonitor is removed, and its condition goes', async () => {
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { metrics: { serviceMonitor: null } } });
    await waitFor(async () => !(await monitor()), { description: 'the ServiceMonitor to be deleted' });
    const ready = await waitForReady(env.client, env.namespace, NAME);
    expect(condition(ready, 'ServiceMonitor')).toBeUndefined();
  });
});
