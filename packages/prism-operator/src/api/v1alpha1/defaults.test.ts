import { aBackend, aNamespace, aPattern, aStack } from '../../../test/fixtures.ts';

describe('defaults', () => {
  it('a PrismPattern gets every default DefaultedPrismPatternSpec promises', () => {
    expect(aPattern().spec).toEqual({
      pattern: 'producer',
      backend: 'kafka',
      replicas: 1,
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '100m', memory: '128Mi' } },
      service: { type: 'ClusterIP', port: 8080 },
      autoscaling: { enabled: false, scaler: 'hpa', minReplicas: 1, maxReplicas: 10 },
    });
  });

  it('a trigger\'s authenticationRef defaults to kind TriggerAuthentication', () => {
    const pattern = aPattern((p) => ({
      ...p,
      spec: { ...p.spec, autoscaling: { enabled: true, scaler: 'keda', triggers: [{ type: 'redis', metadata: { listName: 'l' }, authenticationRef: { name: 'mine' } }] } },
    }));
    expect(pattern.spec.autoscaling.triggers?.[0]?.authenticationRef).toEqual({ name: 'mine', kind: 'TriggerAuthentication' });
  });

  it('a PrismBackend\'s tls gets enabled and insecureSkipVerify', () => {
    expect(aBackend('b', { type: 'redis', endpoints: ['r:6379'], tls: {} }).spec.tls).toEqual({ enabled: false, insecureSkipVerify: false });
    expect(aBackend('b', { type: 'redis', endpoints: ['r:6379'] }).spec.tls).toBeUndefined();
  });

  it('a PrismStack gets every default DefaultedPrismStackSpec promises', () => {
    expect(aStack().spec).toEqual({
      proxy: {
        image: 'ghcr.io/prism/prism-proxy:latest',
        imagePullPolicy: 'IfNotPresent',
        replicas: 3,
        port: 8980,
        resources: { requests: { cpu: '100m', memory: '128Mi' } },
        service: { type: 'ClusterIP' },
        autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 75, requestRateMetric: 'http_requests_per_second' },
      },
      admin: {
        enabled: true,
        image: 'ghcr.io/prism/prism-admin:latest',
        imagePullPolicy: 'IfNotPresent',
        replicas: 1,
        port: 8981,
        resources: { requests: { cpu: '100m', memory: '128Mi' } },
        service: { type: 'ClusterIP' },
      },
      observability: { metrics: { port: 9090, serviceMonitor: { enabled: false, interval: '30s' } } },
    });
  });

  it('a PrismStack\'s patterns get the PrismPattern defaults', () => {
    const stack = aStack((s) => ({ ...s, spec: { patterns: [{ name: 'p', pattern: 'consumer', backend: 'kafka' }] } }));
    expect(stack.spec.patterns?.[0]).toMatchObject({ replicas: 1, service: { type: 'ClusterIP', port: 8080 }, autoscaling: { enabled: false, scaler: 'hpa' } });
  });

  it('a PrismNamespace gets every default DefaultedPrismNamespaceSpec promises', () => {
    expect(aNamespace().spec).toEqual({
      podSecurity: 'restricted',
      deletionPolicy: 'DeleteIfEmpty',
      networkPolicy: { defaultDeny: true, denyEgress: false, allowSameNamespace: true, allowDNS: true },
    });
  });

  it('does not change its input', () => {
    const input = { apiVersion: 'prism.io/v1alpha1' as const, kind: 'PrismNamespace' as const, metadata: { name: 'n' }, spec: {} };
    aNamespace(() => input);
    expect(input.spec).toEqual({});
  });
});
