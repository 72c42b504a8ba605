import { readdirSync } from 'node:fs';
import { validateCycloneApp } from '../src/api/v1/validation.ts';
import { EXAMPLE_NAMES, exampleApp, readExample } from './fixtures.ts';

describe('examples/', () => {
  it('holds exactly the seed\'s examples', () => {
    const files = readdirSync(new URL('../examples/', import.meta.url)).sort();
    expect(files).toEqual(EXAMPLE_NAMES.map((name) => `${name}.yaml`).sort());
  });

  it.each(EXAMPLE_NAMES)('%s validates against the schema and the CEL rules', (name) => {
    const result = validateCycloneApp(readExample(name));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it.each(EXAMPLE_NAMES)('%s applies in whatever namespace the user is in', (name) => {
    expect((readExample(name) as { metadata: Record<string, unknown> }).metadata.namespace).toBeUndefined();
  });

  it('carries the names the seed uses them by', () => {
    expect(EXAMPLE_NAMES.map((name) => exampleApp(name).metadata.name)).toEqual([
      'my-cyclone-app',
      'custom-cyclone-app',
      'production-api',
      'staging-api',
      'secure-app',
      'optimized-app',
      // The seed's troubleshooting commands name cyclone-api-config, cyclone-api-service and cyclone-api-hpa.
      'cyclone-api',
    ]);
  });

  it('custom-app keeps every value the seed gives it', () => {
    const { spec } = exampleApp('custom-app');
    expect(spec).toMatchObject({
      version: '2.0.0',
      replicas: 5,
      image: 'my-registry/cyclone-web:v2.0.0',
      targetRPS: 2000000,
      maxConnections: 500000,
      networking: { enableRDMA: true, enableDPDK: true, enableXDP: true, zeroCopy: true },
      resources: { requests: { cpu: '2000m', memory: '2Gi' }, limits: { cpu: '4000m', memory: '4Gi' } },
      tls: { enabled: true, certificateSecret: 'my-tls-secret' },
      autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 50, targetCPUUtilizationPercentage: 70, targetRPS: 150000 },
      circuitBreaker: { enabled: true, failureThreshold: 10, successThreshold: 5, timeoutSeconds: 300 },
    });
  });

  it('high-performance-api asks for every feature that needs the operator to schedule carefully', () => {
    const { spec } = exampleApp('high-performance-api');
    expect(spec.performance.numaAware).toBe(true);
    expect(spec.securityContext.hugepages).toEqual([{ mountPath: '/dev/hugepages', mountPropagation: 'HostToContainer' }]);
    expect(spec.rollback.automatic).toBe(true);
    expect(spec.networkPolicy.enabled).toBe(true);
  });
});
