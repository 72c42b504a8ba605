import { readdirSync } from 'node:fs';
import { validateTickStorm } from '../src/api/v1alpha1/validation.ts';
import { runtimeSettings } from '../src/runtime/runtime-settings.ts';
import { EXAMPLE_NAMES, exampleTickStorm, readExample } from './fixtures.ts';

describe('examples/', () => {
  it('holds exactly the examples the issue names: the seed defaults, a small dev one and a production one', () => {
    const files = readdirSync(new URL('../examples/', import.meta.url)).sort();
    expect(files).toEqual(EXAMPLE_NAMES.map((name) => `${name}.yaml`).sort());
  });

  it.each(EXAMPLE_NAMES)('%s validates against the schema and its CEL rules', (name) => {
    const result = validateTickStorm(readExample(name));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it.each(EXAMPLE_NAMES)('%s applies in whatever namespace the user is in', (name) => {
    expect((readExample(name) as { metadata: Record<string, unknown> }).metadata.namespace).toBeUndefined();
  });

  it("seed-defaults is named tick-storm and carries the seed's numbers", () => {
    const { metadata, spec } = exampleTickStorm('seed-defaults');
    expect(metadata.name).toBe('tick-storm');
    expect(spec.replicas).toBe(3);
    expect(spec.resources).toEqual({
      limits: { memory: '2Gi', cpu: '2000m', 'ephemeral-storage': '1Gi' },
      requests: { memory: '1Gi', cpu: '500m', 'ephemeral-storage': '500Mi' },
    });
    expect(spec.autoscaling).toMatchObject({ minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 });
    expect(spec.namespaceGuard?.resourceQuota.hard).toMatchObject({ 'limits.cpu': '20', 'limits.memory': '40Gi', pods: '10' });
    expect(spec.service).toMatchObject({ type: 'LoadBalancer', port: 8080 });
    expect(spec.metrics.port).toBe(9090);
  });

  it("seed-defaults derives the seed's GOMAXPROCS and ulimit, and a valid GOMEMLIMIT near its 1400MB", () => {
    const settings = runtimeSettings(exampleTickStorm('seed-defaults').spec);
    expect(settings.gomaxprocs.value).toBe('2');
    expect(settings.gomemlimit.value).toBe('1433MiB');
    expect(settings.ulimits.maxMemorySize.value).toBe('1610612736');
    expect(settings.ulimits.maxStackSize.value).toBe('8388608');
  });

  it('dev runs one small pod behind a ClusterIP Service', () => {
    const { spec } = exampleTickStorm('dev');
    expect(spec.replicas).toBe(1);
    expect(spec.service.type).toBe('ClusterIP');
    expect(runtimeSettings(spec).gomaxprocs.value).toBe('1');
  });

  it('production autoscales, spreads over zones and guards its namespace with room for a surge pod', () => {
    const { spec } = exampleTickStorm('production');
    expect(spec.autoscaling).toMatchObject({ minReplicas: 3, maxReplicas: 12 });
    expect(spec.highAvailability.zoneSpread).toBe('TopologySpread');
    expect(spec.namespaceGuard?.resourceQuota.hard.pods).toBe('13');
    expect(spec.networkPolicy).toBeDefined();
    expect(spec.metrics.serviceMonitor).toMatchObject({ enabled: true, labels: { release: 'kube-prometheus-stack' } });
  });
});
