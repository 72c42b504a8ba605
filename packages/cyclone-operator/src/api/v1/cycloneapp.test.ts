import { loadAll } from 'js-yaml';
import { toCrd, type ValidationIssue } from '@operators/k8s-common';
import {
  appRules,
  autoscalingRules,
  configRules,
  cycloneAppCrd,
  CycloneAppSpec,
  securityContextRules,
  specRules,
  tlsRules,
  tracingRules,
} from './cycloneapp.ts';
import {
  SEED_CUSTOM,
  SEED_ENVIRONMENTS,
  SEED_MEMORY,
  SEED_NETWORK,
  SEED_OPTIMIZED,
  SEED_ROLLBACK_PATCH,
  SEED_SECURE,
  SEED_SIMPLE,
  SEED_UPGRADE_PATCH,
} from '../../../test/seed-blocks.ts';
import { validateCycloneApp } from './validation.ts';

const base = { apiVersion: 'cyclone.dev/v1', kind: 'CycloneApp', metadata: { name: 'my-app' } };

/** Every document of a block; a `spec:`-only block becomes a resource named my-app. */
function resourcesOf(yaml: string): Record<string, unknown>[] {
  return (loadAll(yaml) as Record<string, unknown>[]).map((doc) => ({ ...base, ...doc }));
}

function issuesOf(resource: unknown): ValidationIssue[] {
  const result = validateCycloneApp(resource);
  return result.ok ? [] : result.errors;
}

/** A valid resource with `spec` replaced. */
function withSpec(spec: Record<string, unknown>): Record<string, unknown> {
  return { ...base, spec };
}

describe('the seed README examples', () => {
  it.each([
    ['simple deployment', SEED_SIMPLE],
    ['custom configuration', SEED_CUSTOM],
    ['environment-specific configurations', SEED_ENVIRONMENTS],
    ['restricted security context', SEED_SECURE],
    ['CPU optimization', SEED_OPTIMIZED],
    ['memory optimization', SEED_MEMORY],
    ['network optimization', SEED_NETWORK],
  ])('the %s block validates', (_name, yaml) => {
    for (const resource of resourcesOf(yaml)) expect(issuesOf(resource)).toEqual([]);
  });

  it('the upgrade and rollback patches validate on an app', () => {
    for (const patch of [SEED_UPGRADE_PATCH, SEED_ROLLBACK_PATCH]) {
      const { spec } = JSON.parse(patch) as { spec: Record<string, unknown> };
      expect(issuesOf(withSpec({ ...spec, replicas: 3 }))).toEqual([]);
    }
  });

  it('gives the defaults of the seed\'s API reference table', () => {
    const result = validateCycloneApp(withSpec({}));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { spec } = result.value;
    expect(spec.version).toBe('latest');
    expect(spec.replicas).toBe(3);
    expect(spec.targetRPS).toBe(2000000);
    expect(spec.networking).toEqual({ enableRDMA: true, enableDPDK: true, enableXDP: true, zeroCopy: false });
    // autoscaling.enabled is true inside the block; without the block there is no autoscaler.
    expect(spec.autoscaling).toBeUndefined();
    const withBlock = validateCycloneApp(withSpec({ autoscaling: { maxReplicas: 20 } }));
    expect(withBlock.ok && withBlock.value.spec.autoscaling?.enabled).toBe(true);
    expect(spec.circuitBreaker.enabled).toBe(true);
  });

  it('two environments in one block are two apps', () => {
    expect(resourcesOf(SEED_ENVIRONMENTS).map((doc) => (doc.metadata as { name: string }).name)).toEqual(['production-api', 'staging-api']);
  });
});

describe('invalid input names the field', () => {
  it.each<[string, Record<string, unknown>, ValidationIssue]>([
    ['negative replicas', { replicas: -1 }, { path: 'spec.replicas', message: 'must be >= 0' }],
    ['fractional replicas', { replicas: 2.5 }, { path: 'spec.replicas', message: 'must be integer' }],
    ['a zero RPS target', { targetRPS: 0 }, { path: 'spec.targetRPS', message: 'must be >= 1' }],
    ['an RPS target that is a string', { targetRPS: '1M' }, { path: 'spec.targetRPS', message: 'must be integer' }],
    ['a zero connection limit', { maxConnections: 0 }, { path: 'spec.maxConnections', message: 'must be >= 1' }],
    ['a port out of range', { port: 70000 }, { path: 'spec.port', message: 'must be <= 65535' }],
    ['a version with a space', { version: '2.0 beta' }, { path: 'spec.version', message: expect.stringContaining('must match pattern') as unknown as string }],
    ['a networking flag that is a string', { networking: { enableRDMA: 'yes' } }, { path: 'spec.networking.enableRDMA', message: 'must be boolean' }],
    ['a misspelt networking flag', { networking: { enableRdma: true } }, { path: 'spec.networking.enableRdma', message: 'is not a known field' }],
    ['a misspelt field', { replica: 3 }, { path: 'spec.replica', message: 'is not a known field' }],
    [
      'a CPU target above 100%',
      { autoscaling: { targetCPUUtilizationPercentage: 150 } },
      { path: 'spec.autoscaling.targetCPUUtilizationPercentage', message: 'must be <= 100' },
    ],
    ['zero minimum replicas', { autoscaling: { minReplicas: 0 } }, { path: 'spec.autoscaling.minReplicas', message: 'must be >= 1' }],
    ['a zero failure threshold', { circuitBreaker: { failureThreshold: 0 } }, { path: 'spec.circuitBreaker.failureThreshold', message: 'must be >= 1' }],
    [
      'an unknown DNS policy',
      { dnsPolicy: 'None' },
      { path: 'spec.dnsPolicy', message: 'must be one of "ClusterFirst", "ClusterFirstWithHostNet", "Default"' },
    ],
    [
      'Bidirectional mount propagation',
      { securityContext: { hugepages: [{ mountPath: '/dev/hugepages', mountPropagation: 'Bidirectional' }] }, resources: { limits: { 'hugepages-2Mi': '1Gi' } } },
      { path: 'spec.securityContext.hugepages[0].mountPropagation', message: 'must be one of "None", "HostToContainer"' },
    ],
    [
      'a relative hugepages mount path',
      { securityContext: { hugepages: [{ mountPath: 'dev/hugepages' }] }, resources: { limits: { 'hugepages-2Mi': '1Gi' } } },
      { path: 'spec.securityContext.hugepages[0].mountPath', message: expect.stringContaining('must match pattern') as unknown as string },
    ],
    [
      'an unknown seccomp profile type',
      { securityContext: { seccompProfile: { type: 'Strict' } } },
      { path: 'spec.securityContext.seccompProfile.type', message: 'must be one of "RuntimeDefault", "Localhost", "Unconfined"' },
    ],
    [
      'a memory quantity with a space',
      { resources: { limits: { memory: '4 Gi' } } },
      { path: 'spec.resources.limits.memory', message: expect.stringMatching(/^must match pattern/) as unknown as string },
    ],
    [
      'a scrape interval that is not a duration',
      { observability: { metrics: { interval: '30 seconds' } } },
      { path: 'spec.observability.metrics.interval', message: expect.stringContaining('must match pattern') as unknown as string },
    ],
    ['an application setting that is not a table', { config: { answer: 42 } }, { path: 'spec.config.answer', message: 'must be object' }],
    [
      'a sampling rate above 1',
      { observability: { tracing: { samplingRate: 2 } } },
      { path: 'spec.observability.tracing.samplingRate', message: 'must be <= 1' },
    ],
  ])('%s', (_name, spec, issue) => {
    expect(issuesOf(withSpec(spec))).toEqual([issue]);
  });

  it('rejects the wrong kind or apiVersion', () => {
    expect(issuesOf({ ...withSpec({}), kind: 'CycloneApplication' })).toEqual([{ path: 'kind', message: 'must be "CycloneApp"' }]);
    expect(issuesOf({ ...withSpec({}), apiVersion: 'cyclone.dev/v1alpha1' })).toEqual([{ path: 'apiVersion', message: 'must be "cyclone.dev/v1"' }]);
  });
});

describe('cross-field rules (CEL in the CRD, the same rules in TypeScript)', () => {
  it.each<[string, Record<string, unknown>, ValidationIssue]>([
    [
      'TLS without a certificate Secret',
      { tls: { enabled: true } },
      { path: 'spec.tls.certificateSecret', message: 'certificateSecret is required when tls.enabled is true' },
    ],
    [
      'more minimum than maximum replicas',
      { autoscaling: { minReplicas: 10, maxReplicas: 5 } },
      { path: 'spec.autoscaling.minReplicas', message: 'minReplicas must not exceed maxReplicas' },
    ],
    [
      'a maximum below replicas, the default minimum',
      { replicas: 10, autoscaling: { maxReplicas: 5 } },
      { path: 'spec.autoscaling.maxReplicas', message: 'autoscaling.maxReplicas must be at least replicas, which is the default of autoscaling.minReplicas' },
    ],
    ['the same application and metrics port', { port: 9090 }, { path: 'spec.metricsPort', message: 'port and metricsPort must differ' }],
    [
      'hugepages mounts without hugepages',
      { securityContext: { hugepages: [{ mountPath: '/dev/hugepages' }] }, resources: { limits: { memory: '1Gi' } } },
      { path: 'spec.securityContext.hugepages', message: 'securityContext.hugepages needs a hugepages-<size> amount in resources.limits or resources.requests' },
    ],
    [
      'NUMA-aware placement without limits',
      { performance: { numaAware: true } },
      {
        path: 'spec.resources.limits',
        message: 'performance.numaAware needs resources.limits.cpu as a whole number of CPUs and resources.limits.memory: exclusive cores need Guaranteed QoS',
      },
    ],
    [
      'NUMA-aware placement with a fraction of a CPU',
      { performance: { numaAware: true }, resources: { limits: { cpu: '2500m', memory: '4Gi' } } },
      {
        path: 'spec.resources.limits',
        message: 'performance.numaAware needs resources.limits.cpu as a whole number of CPUs and resources.limits.memory: exclusive cores need Guaranteed QoS',
      },
    ],
    [
      'NUMA-aware placement with requests below the limits',
      { performance: { numaAware: true }, resources: { requests: { cpu: '2' }, limits: { cpu: '4', memory: '4Gi' } } },
      {
        path: 'spec.resources.requests',
        message: 'performance.numaAware needs resources.requests equal to resources.limits for cpu and memory (Guaranteed QoS); leave the requests out to get the limits',
      },
    ],
    [
      'root with runAsNonRoot',
      { securityContext: { runAsUser: 0 } },
      { path: 'spec.securityContext.runAsUser', message: 'runAsUser 0 is root, which runAsNonRoot: true forbids' },
    ],
    [
      'a Localhost seccomp profile without its file',
      { securityContext: { seccompProfile: { type: 'Localhost' } } },
      { path: 'spec.securityContext.seccompProfile.localhostProfile', message: 'seccompProfile.localhostProfile is required when seccompProfile.type is Localhost' },
    ],
    [
      'tracing without an endpoint',
      { observability: { tracing: { enabled: true } } },
      { path: 'spec.observability.tracing.endpoint', message: 'endpoint is required when tracing is enabled' },
    ],
    [
      'application config that sets a table the operator renders',
      { config: { circuit_breaker: { failure_threshold: 3 } } },
      { path: 'spec.config', message: configRules[0]!.message! },
    ],
    [
      'a repeated hugepages mount path',
      { resources: { limits: { 'hugepages-2Mi': '1Gi' } }, securityContext: { hugepages: [{ mountPath: '/a' }, { mountPath: '/a' }] } },
      { path: 'spec.securityContext.hugepages[1]', message: 'Duplicate value: {"mountPath":"/a"}' },
    ],
  ])('%s', (_name, spec, issue) => {
    expect(issuesOf(withSpec(spec))).toEqual([issue]);
  });

  it('accepts what the rules allow', () => {
    expect(issuesOf(withSpec({ tls: { enabled: false } }))).toEqual([]);
    expect(issuesOf(withSpec({ replicas: 20, autoscaling: { enabled: false, maxReplicas: 5 } }))).toEqual([]);
    expect(issuesOf(withSpec({ replicas: 20, autoscaling: { minReplicas: 2, maxReplicas: 5 } }))).toEqual([]);
    expect(issuesOf(withSpec({ performance: { numaAware: true }, resources: { limits: { cpu: '8000m', memory: '8Gi' } } }))).toEqual([]);
    expect(issuesOf(withSpec({ performance: { numaAware: true }, resources: { requests: { cpu: 4, memory: '4Gi' }, limits: { cpu: '4000m', memory: '4096Mi' } } }))).toEqual([]);
    expect(issuesOf(withSpec({ securityContext: { runAsNonRoot: false, runAsUser: 0 } }))).toEqual([]);
    expect(issuesOf(withSpec({ config: { cache: { size_mb: 512, warm: true }, features: { flags: ['a', 'b'], nested: { ratio: 0.5 } } } }))).toEqual([]);
  });

  // What the API server answered for each spelling of limits.cpu (CEL quantity(...).isInteger() or "<n>000m").
  it.each<[string | number, boolean]>([
    [4, true],
    ['4', true],
    ['4000m', true],
    ['2k', true],
    ['4e0', true],
    ['2500m', false],
    ['1500m', false],
    ['4.0', false],
  ])('NUMA-aware placement with limits.cpu %p is accepted: %p', (cpu, accepted) => {
    const issues = issuesOf(withSpec({ performance: { numaAware: true }, resources: { limits: { cpu, memory: '4Gi' } } }));
    expect(issues.length === 0).toBe(accepted);
  });

  it.each([
    ['a name longer than 55 characters', 'a'.repeat(56)],
    ['a name starting with a digit', '1app'],
    ['a name with a dot', 'my.app'],
  ])('rejects %s, from which the Service could not be named', (_name, name) => {
    expect(issuesOf({ ...withSpec({}), metadata: { name } })).toEqual([{ path: '', message: appRules[0]!.message }]);
  });

  it('accepts a name of exactly 55 characters', () => {
    expect(issuesOf({ ...withSpec({}), metadata: { name: 'a'.repeat(55) } })).toEqual([]);
  });

  it('attaches each rule family to the schema object its TypeScript twin checks', () => {
    const cel = (rules: readonly { rule: string }[]) => rules.map(({ rule }) => expect.objectContaining({ rule }));
    const rulesAt = (schema: object) => (schema as { 'x-kubernetes-validations'?: unknown })['x-kubernetes-validations'];
    const { properties } = CycloneAppSpec;
    expect(rulesAt(CycloneAppSpec)).toEqual(cel(specRules));
    expect(rulesAt(properties.tls)).toEqual(cel(tlsRules));
    expect(rulesAt(properties.autoscaling)).toEqual(cel(autoscalingRules));
    expect(rulesAt(properties.securityContext)).toEqual(cel(securityContextRules));
    expect(rulesAt(properties.observability.properties.tracing)).toEqual(cel(tracingRules));
    expect(rulesAt(properties.config)).toEqual(cel(configRules));
    expect(cycloneAppCrd.versions[0]?.validations).toEqual(cel(appRules));
  });
});

describe('the CRD definition', () => {
  const crd = toCrd(cycloneAppCrd);
  const [version] = crd.spec.versions;

  it('is namespaced, in the cyclone category (never all), with a short name', () => {
    expect(crd.metadata.name).toBe('cycloneapps.cyclone.dev');
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names).toMatchObject({ kind: 'CycloneApp', plural: 'cycloneapps', categories: ['cyclone'], shortNames: ['cya'] });
  });

  it('has the status and scale subresources', () => {
    expect(version?.subresources).toEqual({
      status: {},
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
    });
  });

  it('shows the performance figures in kubectl get', () => {
    const columns = (version?.additionalPrinterColumns ?? []).filter((column) => !column.priority).map((column) => column.name);
    expect(columns).toEqual(['Phase', 'Version', 'Replicas', 'Ready', 'RPS', 'P95', 'Age']);
  });

  it('carries the defaults and the descriptions kubectl explain shows', () => {
    const spec = version?.schema.openAPIV3Schema.properties?.spec;
    expect(spec?.properties?.replicas).toMatchObject({ type: 'integer', minimum: 0, default: 3 });
    expect(spec?.properties?.version).toMatchObject({ type: 'string', default: 'latest' });
    expect(spec?.properties?.targetRPS).toMatchObject({ default: 2000000 });
    expect(spec?.properties?.networking?.properties?.enableRDMA).toMatchObject({ type: 'boolean', default: true });
    const undescribed: string[] = [];
    const walk = (node: { description?: string; properties?: Record<string, unknown>; items?: unknown }, path: string) => {
      if (!node.description) undescribed.push(path);
      for (const [key, child] of Object.entries(node.properties ?? {})) walk(child as typeof node, `${path}.${key}`);
    };
    walk(spec ?? {}, 'spec');
    walk(version?.schema.openAPIV3Schema.properties?.status ?? {}, 'status');
    expect(undescribed).toEqual([]);
  });
});
