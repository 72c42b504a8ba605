import { readdirSync } from 'node:fs';
import { validateStreamBusCluster } from '../src/api/v1alpha1/validation.ts';
import { EXAMPLE_NAMES, exampleCluster, readExample } from './fixtures.ts';

describe('examples/', () => {
  it('holds exactly the examples the seed README names', () => {
    const files = readdirSync(new URL('../examples/', import.meta.url)).sort();
    expect(files).toEqual(EXAMPLE_NAMES.map((name) => `${name}.yaml`).sort());
  });

  it.each(EXAMPLE_NAMES)('%s validates against the schema', (name) => {
    const result = validateStreamBusCluster(readExample(name));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('minimal-cluster is streambus-minimal with 3 brokers, as the README uses it', () => {
    const cluster = exampleCluster('minimal-cluster');
    expect(cluster.metadata.name).toBe('streambus-minimal');
    expect(cluster.spec.replicas).toBe(3);
  });

  it('dev-cluster has a single broker', () => {
    expect(exampleCluster('dev-cluster').spec.replicas).toBe(1);
  });

  it('production-cluster has 5 brokers spread apart, with resources', () => {
    const { spec } = exampleCluster('production-cluster');
    expect(spec.replicas).toBe(5);
    expect(spec.affinity?.podAntiAffinity).toBeDefined();
    expect(spec.resources?.requests).toBeDefined();
    expect(spec.resources?.limits).toBeDefined();
  });

  it('secure-cluster uses TLS, mTLS authentication and authorization with the Secrets the README creates', () => {
    const { security } = exampleCluster('secure-cluster').spec;
    expect(security.tls).toMatchObject({ enabled: true, certSecretName: 'streambus-tls-certs', caSecretName: 'streambus-ca-cert' });
    expect(security.authentication).toMatchObject({ enabled: true, method: 'mtls' });
    expect(security.authorization).toMatchObject({ enabled: true, defaultPolicy: 'deny' });
  });

  it('multi-tenant-cluster isolates tenants and overrides quotas per tenant', () => {
    const { multiTenancy } = exampleCluster('multi-tenant-cluster').spec;
    expect(multiTenancy.enabled).toBe(true);
    expect(multiTenancy.isolation).toEqual({ networkPolicies: true, resourceQuotas: true, rateLimiting: true });
    expect(multiTenancy.tenantOverrides?.map((o) => o.tenantId)).toEqual(['premium-tenant-1', 'basic-tenant-1']);
  });

  it.each(EXAMPLE_NAMES)('%s applies in whatever namespace the user is in', (name) => {
    expect((readExample(name) as { metadata: Record<string, unknown> }).metadata.namespace).toBeUndefined();
  });
});
