// ServiceMonitors for the components (monitoring.prometheus.enabled), with the pinned
// prometheus-operator CRDs installed: one per Tapio resource, scraping its own components' metrics
// port, with the user's labels. The platform's Grafana dashboard (monitoring.grafana.enabled): a
// ConfigMap for Grafana's sidecar, removed when turned off.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceTypes } from '@operators/k8s-common';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, example, TapioClusters, TapioCollectors, waitForReady, WITHOUT_WEBHOOKS } from './support.ts';

interface Monitor {
  metadata: { labels?: Record<string, string> };
  spec: { selector: { matchExpressions: { values: string[] }[] }; endpoints: { port: string }[] };
}

beforeAll(() => {
  // Before the operator starts (declared before useOperator's hook), so discovery finds them at once.
  const crdDir = process.env['E2E_UPSTREAM_CRDS']!;
  for (const file of readdirSync(crdDir)) execFileSync('kubectl', ['apply', '--server-side', '-f', join(crdDir, file)], { stdio: 'pipe' });
});

describe('Tapio ServiceMonitors', () => {
  const env = useOperator('tapio-operator', 'tapio-monitoring', WITHOUT_WEBHOOKS);

  it('creates one ServiceMonitor per resource for its own components, and makes no write once converged', async () => {
    const dev = example('minimal-development.yaml', env.namespace);
    await env.client.create(TapioClusters, { ...dev, spec: { ...dev.spec, monitoring: { prometheus: { enabled: true, serviceMonitorLabels: { release: 'kube-prometheus' } } } } });
    const ready = await waitForReady(env.client, TapioClusters, env.namespace, 'dev');
    expect(condition(ready, 'ServiceMonitor')).toMatchObject({ status: 'True' });
    const collector = await waitForReady(env.client, TapioCollectors, env.namespace, 'dev-kubernetes');
    expect(condition(collector, 'ServiceMonitor')).toMatchObject({ status: 'True' });
    for (const [name, component] of [['dev-gateway', 'gateway'], ['dev-correlation', 'correlation'], ['dev-kubernetes-kubernetes-collector', 'kubernetes-collector']] as const) {
      const monitor = await env.client.get<Monitor>(ResourceTypes.ServiceMonitor, name, env.namespace);
      expect(monitor.metadata.labels?.['release']).toBe('kube-prometheus');
      expect(monitor.spec.selector.matchExpressions[0]?.values).toEqual([component]);
      expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'metrics' })]);
    }
    await sleep(3_000);
    const before = await env.operator.writesByResource();
    await sleep(11_000);
    expect(await env.operator.writesByResource()).toEqual(before);
  });

  it('ships the platform\'s Grafana dashboard while monitoring.grafana is on', async () => {
    const dashboard = () => env.client.tryGet<V1ConfigMap>(ResourceTypes.ConfigMap, 'dev-grafana-dashboard', env.namespace);
    expect(await dashboard()).toBeUndefined();
    await env.client.patch(TapioClusters, 'dev', env.namespace, { spec: { monitoring: { grafana: { enabled: true } } } });
    const configMap = await waitFor(dashboard, { description: 'the dashboard ConfigMap' });
    expect(configMap.metadata?.labels?.['grafana_dashboard']).toBe('1');
    const json = JSON.parse(configMap.data?.['tapio-dev.json'] ?? '{}') as { title?: string; panels?: unknown[] };
    expect(json.title).toBe(`Tapio ${env.namespace}/dev`);
    expect(json.panels?.length).toBeGreaterThan(5);
    await waitForReady(env.client, TapioClusters, env.namespace, 'dev');
    await env.client.patch(TapioClusters, 'dev', env.namespace, { spec: { monitoring: { grafana: { enabled: false } } } });
    await waitFor(async () => !(await dashboard()), { description: 'the dashboard ConfigMap to be removed' });
  });
});
