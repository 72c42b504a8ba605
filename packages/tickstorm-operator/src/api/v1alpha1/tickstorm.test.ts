import { toCrd } from '@operators/k8s-common';
import { bareTickStorm } from '../../../test/fixtures.ts';
import type { TickStorm, TickStormSpec } from './tickstorm.ts';
import { tickStormCrd } from './tickstorm.ts';
import { validateTickStorm } from './validation.ts';

const withSpec = (spec: Record<string, unknown>): TickStorm => ({ ...bareTickStorm(), spec: spec as TickStormSpec });
const errorsOf = (value: unknown) => {
  const result = validateTickStorm(value);
  return result.ok ? [] : result.errors;
};

describe('the TickStorm CRD', () => {
  const crd = toCrd(tickStormCrd);
  const [version] = crd.spec.versions;

  it('is tickstorm.io/v1alpha1 TickStorm, namespaced, short name ts, in the category tickstorm (never all)', () => {
    expect(crd.metadata.name).toBe('tickstorms.tickstorm.io');
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names).toMatchObject({ kind: 'TickStorm', plural: 'tickstorms', singular: 'tickstorm', shortNames: ['ts'], categories: ['tickstorm'] });
    expect(version?.name).toBe('v1alpha1');
  });

  it('has the status subresource and a scale subresource on spec.replicas', () => {
    expect(version?.subresources).toEqual({
      status: {},
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
    });
  });

  it('prints readiness, replicas and the endpoint, and the runtime and pressure in -o wide', () => {
    const columns = version?.additionalPrinterColumns ?? [];
    expect(columns.filter((c) => !c.priority).map((c) => c.name)).toEqual(['Ready', 'Replicas', 'Available', 'Endpoint', 'Age']);
    expect(columns.filter((c) => c.priority).map((c) => c.name)).toEqual(['Pressure', 'GOMAXPROCS', 'GOMEMLIMIT', 'Reason']);
  });

  it('describes every spec field for kubectl explain', () => {
    const undocumented: string[] = [];
    const walk = (node: { description?: string; properties?: Record<string, unknown>; items?: unknown }, path: string) => {
      if (path && !node.description) undocumented.push(path);
      for (const [key, child] of Object.entries(node.properties ?? {})) walk(child as typeof node, `${path}.${key}`);
    };
    walk(version!.schema.openAPIV3Schema.properties!.spec as never, 'spec');
    expect(undocumented).toEqual([]);
  });
});

describe('validateTickStorm', () => {
  it('accepts an empty spec: every field has a default or is optional', () => {
    expect(errorsOf(bareTickStorm())).toEqual([]);
  });

  it('rejects unknown fields, as strict field validation does', () => {
    expect(errorsOf(withSpec({ replica: 3 }))).toEqual([expect.objectContaining({ path: expect.stringContaining('spec') })]);
  });

  it.each<[string, Record<string, unknown>, { path: string; message: string }[]]>([
    [
      'requests above limits',
      { resources: { requests: { memory: '4Gi', 'ephemeral-storage': '2Gi' } } },
      [
        { path: 'spec.resources.requests.memory', message: 'requests.memory must not exceed limits.memory' },
        { path: "spec.resources.requests['ephemeral-storage']", message: 'requests.ephemeral-storage must not exceed limits.ephemeral-storage' },
      ],
    ],
    [
      'an explicit GOMEMLIMIT at the memory limit',
      { runtime: { gomemlimit: '2Gi' } },
      [{ path: 'spec.runtime.gomemlimit', message: expect.stringContaining('runtime.gomemlimit must be below resources.limits.memory') }],
    ],
    [
      'an explicit memory ulimit below the derived GOMEMLIMIT',
      { ulimits: { maxMemorySize: '1Gi' } },
      [{ path: 'spec.ulimits.maxMemorySize', message: expect.stringContaining('ulimits.maxMemorySize must be above GOMEMLIMIT') }],
    ],
    [
      'an explicit memory ulimit below an explicit GOMEMLIMIT',
      { runtime: { gomemlimit: '1800Mi' }, ulimits: { maxMemorySize: '1700Mi' } },
      [{ path: 'spec.ulimits.maxMemorySize', message: expect.stringContaining('ulimits.maxMemorySize must be above GOMEMLIMIT') }],
    ],
    [
      'an explicit memory ulimit above the limit',
      { ulimits: { maxMemorySize: '3Gi' } },
      [{ path: 'spec.ulimits.maxMemorySize', message: 'ulimits.maxMemorySize must be below resources.limits.memory' }],
    ],
    ['GOGC neither a number nor off', { runtime: { gogc: 'on' } }, [{ path: 'spec.runtime.gogc', message: "runtime.gogc must be a non-negative integer or 'off'" }]],
    ['minReplicas above maxReplicas', { autoscaling: { minReplicas: 5, maxReplicas: 3 } }, [{ path: 'spec.autoscaling.minReplicas', message: 'minReplicas must not exceed maxReplicas' }]],
    ['the metrics port on the client port', { metrics: { port: 8080 } }, [{ path: 'spec.metrics.port', message: 'metrics.port must differ from service.port' }]],
    [
      "replicas beyond the seed's quota",
      { replicas: 11, namespaceGuard: {} },
      [
        { path: 'spec.namespaceGuard.resourceQuota.hard', message: expect.stringContaining("hard['pods'] must hold the most pods") },
        { path: 'spec.namespaceGuard.resourceQuota.hard', message: expect.stringContaining("hard['limits.cpu'] must hold") },
      ],
    ],
    [
      'maxReplicas beyond the quota',
      { autoscaling: { maxReplicas: 20 }, namespaceGuard: { resourceQuota: { hard: { 'limits.cpu': '20', 'requests.cpu': '300m' } }, limitRange: { limits: [] } } },
      [
        { path: 'spec.namespaceGuard.resourceQuota.hard', message: expect.stringContaining("hard['requests.cpu'] must hold") },
        { path: 'spec.namespaceGuard.resourceQuota.hard', message: expect.stringContaining("hard['limits.cpu'] must hold") },
      ],
    ],
    [
      'a quota without room for the Services',
      { namespaceGuard: { resourceQuota: { hard: { services: '1', 'services.loadbalancers': '0' } } } },
      [
        { path: 'spec.namespaceGuard.resourceQuota.hard', message: expect.stringContaining("hard['services'] must hold the TickStorm's Services") },
        { path: 'spec.namespaceGuard.resourceQuota.hard', message: expect.stringContaining("hard['services.loadbalancers']") },
      ],
    ],
    [
      'limits outside the LimitRange',
      { namespaceGuard: { resourceQuota: { hard: {} }, limitRange: { limits: [{ type: 'Container', max: { memory: '1Gi' }, min: { cpu: '1' }, maxLimitRequestRatio: { cpu: '2' } }] } } },
      [
        { path: 'spec.resources.limits.memory', message: expect.stringContaining('must not exceed the max.memory') },
        { path: 'spec.resources.requests.cpu', message: expect.stringContaining('must reach the min.cpu') },
        { path: 'spec.resources.limits.cpu', message: expect.stringContaining('must not exceed the maxLimitRequestRatio.cpu') },
      ],
    ],
    [
      "the seed's Pod LimitRange item with defaults, which the API server rejects",
      { namespaceGuard: { limitRange: { limits: [{ type: 'Pod', default: { cpu: '4' }, max: { cpu: '8' } }] } } },
      [{ path: 'spec.namespaceGuard.limitRange.limits[0]', message: expect.stringContaining('default and defaultRequest apply to Container items only') }],
    ],
    [
      'TLS with both a Secret and a Certificate, and client auth without a CA',
      { tls: { secretName: 'a', certificate: { issuerRef: { name: 'x' } }, clientAuth: 'verify' } },
      [
        { path: 'spec.tls', message: expect.stringContaining('exactly one of secretName') },
        { path: 'spec.tls.clientCASecretName', message: expect.stringContaining('clientCASecretName is required') },
      ],
    ],
    [
      'config keys that are not dashed words, or that the operator sets',
      { config: { gomaxprocs: '4', Bad_Key: 'x' } },
      [
        { path: 'spec.config', message: expect.stringContaining('config keys must be lowercase words joined by dashes') },
        { path: 'spec.config', message: expect.stringContaining('config must not set listen-port, listen-addr, gomaxprocs') },
      ],
    ],
  ])('rejects %s, naming the field', (_case, spec, expected) => {
    expect(errorsOf(withSpec(spec))).toEqual(expected);
  });

  it('accepts 3 × 100m within a quota of 300m, despite binary floats', () => {
    expect(errorsOf(withSpec({ resources: { requests: { cpu: '100m' } }, namespaceGuard: { resourceQuota: { hard: { 'requests.cpu': '300m' } }, limitRange: { limits: [] } } }))).toEqual([]);
  });

  it('accepts a memory ulimit between an explicit GOMEMLIMIT and the limit', () => {
    expect(errorsOf(withSpec({ runtime: { gomemlimit: '1400M' }, ulimits: { maxMemorySize: 1610612736 } }))).toEqual([]);
  });

  it.each([
    ['a name of 55 characters', 'a'.repeat(55)],
    ['a name starting with a digit', '1tick-storm'],
    ['a name with a dot', 'tick.storm'],
  ])('rejects %s: the Services derive their names from it', (_case, name) => {
    expect(errorsOf({ ...bareTickStorm(), metadata: { ...bareTickStorm().metadata, name } })).toEqual([
      { path: '', message: expect.stringContaining('metadata.name must be a DNS-1035 label') },
    ]);
  });

  it('accepts a name of 54 characters', () => {
    expect(errorsOf({ ...bareTickStorm(), metadata: { ...bareTickStorm().metadata, name: 'a'.repeat(54) } })).toEqual([]);
  });
});
