import { toCrd, type JsonSchemaProps } from '@operators/k8s-common';
import { metricSpecRules, metricTargetRules } from '../../support/schemas.ts';
import { autoscalingRules, triggerRules } from './autoscaling.ts';
import { backendNameRules, backendSpecRules, prismBackendCrd, tlsRules } from './prismbackend.ts';
import { namespaceNameRules, networkPolicyRules, prismNamespaceCrd, roleBindingRules } from './prismnamespace.ts';
import { patternNameRules, patternSpecRules, prismPatternCrd } from './prismpattern.ts';
import { prismStackCrd, proxyAutoscalingRules, stackNameRules } from './prismstack.ts';
import { validatePrismBackend, validatePrismNamespace, validatePrismPattern, validatePrismStack } from './validation.ts';

const pattern = (spec: Record<string, unknown>, name = 'orders') => ({
  apiVersion: 'prism.io/v1alpha1',
  kind: 'PrismPattern',
  metadata: { name },
  spec: { pattern: 'consumer', backend: 'kafka', ...spec },
});
const backend = (spec: Record<string, unknown>, name = 'kafka') => ({ apiVersion: 'prism.io/v1alpha1', kind: 'PrismBackend', metadata: { name }, spec });
const stack = (spec: Record<string, unknown>, name = 'prism') => ({ apiVersion: 'prism.io/v1alpha1', kind: 'PrismStack', metadata: { name }, spec });
const tenant = (spec: Record<string, unknown>, name = 'tenant-a') => ({ apiVersion: 'prism.io/v1alpha1', kind: 'PrismNamespace', metadata: { name }, spec });

const errorsOf = (result: { ok: true } | { ok: false; errors: { path: string; message: string }[] }) => (result.ok ? [] : result.errors);
const keda = (autoscaling: Record<string, unknown>) => ({ autoscaling: { enabled: true, scaler: 'keda', ...autoscaling } });
const hpa = (autoscaling: Record<string, unknown>) => ({ autoscaling: { enabled: true, scaler: 'hpa', ...autoscaling } });

describe('validatePrismPattern', () => {
  it('accepts a minimal pattern and returns it defaulted', () => {
    const result = validatePrismPattern(pattern({}));
    expect(result.ok && result.value.spec.replicas).toBe(1);
  });

  it.each([
    ['an unknown pattern type', pattern({ pattern: 'stream' }), 'spec.pattern'],
    ['a missing backend', { ...pattern({}), spec: { pattern: 'consumer' } }, 'spec.backend'],
    ['an unknown field', pattern({ replica: 2 }), 'spec.replica'],
    ['an unknown scaler', pattern({ autoscaling: { enabled: true, scaler: 'vpa' } }), 'spec.autoscaling.scaler'],
    ['negative replicas', pattern({ replicas: -1 }), 'spec.replicas'],
  ])('rejects %s at the schema, naming the field', (_what, input, path) => {
    expect(errorsOf(validatePrismPattern(input)).map((e) => e.path)).toContain(path);
  });

  it.each([
    ['keda without triggers', pattern(keda({})), 'spec.autoscaling.triggers', 'scaler keda needs at least one trigger'],
    ['hpa without a target', pattern(hpa({})), 'spec.autoscaling.targetCPUUtilizationPercentage', 'scaler hpa needs targetCPUUtilizationPercentage'],
    ['min above max', pattern(hpa({ targetCPUUtilizationPercentage: 50, minReplicas: 5, maxReplicas: 2 })), 'spec.autoscaling.minReplicas', 'less than or equal to maxReplicas'],
    ['hpa scaled to zero', pattern(hpa({ targetCPUUtilizationPercentage: 50, minReplicas: 0 })), 'spec.autoscaling.minReplicas', 'only keda scales to zero'],
    [
      'keda to zero on cpu alone',
      pattern(keda({ minReplicas: 0, triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '50' } }] })),
      'spec.autoscaling.minReplicas',
      'a trigger other than cpu and memory',
    ],
    [
      'a CPU target without a CPU request',
      pattern({ resources: { requests: { memory: '1Gi' } }, ...hpa({ targetCPUUtilizationPercentage: 50 }) }),
      'spec.resources',
      'needs resources.requests.cpu',
    ],
    [
      'a memory target without a memory request',
      pattern({ resources: { limits: { cpu: '1' } }, ...hpa({ targetMemoryUtilizationPercentage: 50 }) }),
      'spec.resources',
      'needs resources.requests.memory',
    ],
    [
      'a keda cpu Utilization trigger without a CPU request',
      pattern({ resources: { requests: { memory: '1Gi' } }, ...keda({ triggers: [{ type: 'cpu', metadata: { type: 'Utilization', value: '80' } }] }) }),
      'spec.resources',
      'needs resources.requests.cpu',
    ],
    [
      'a kafka trigger without consumerGroup',
      pattern(keda({ triggers: [{ type: 'kafka', metadata: { topic: 'orders' } }] })),
      'spec.autoscaling.triggers[0].metadata',
      'a kafka trigger needs metadata.consumerGroup',
    ],
    [
      'a cpu trigger without metricType',
      pattern(keda({ triggers: [{ type: 'cpu', metadata: { value: '80' } }] })),
      'spec.autoscaling.triggers[0].metricType',
      'needs metricType Utilization or AverageValue',
    ],
    [
      'both authenticationRef and backendRef',
      pattern(keda({ triggers: [{ type: 'redis', metadata: { listName: 'l' }, authenticationRef: { name: 'a' }, backendRef: { name: 'b' } }] })),
      'spec.autoscaling.triggers[0].backendRef',
      'not both',
    ],
    [
      'a Pods metric without pods',
      pattern(hpa({ metrics: [{ type: 'Pods' }] })),
      'spec.autoscaling.metrics[0].pods',
      'pods is required when type is Pods',
    ],
    [
      'a Pods metric with a resource member too',
      pattern(hpa({ metrics: [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '1' } }, resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 5 } } }] })),
      'spec.autoscaling.metrics[0].resource',
      'resource is only used when type is Resource',
    ],
    [
      'an AverageValue target without averageValue',
      pattern(hpa({ metrics: [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue' } } }] })),
      'spec.autoscaling.metrics[0].pods.target.averageValue',
      'averageValue is required',
    ],
    ['a duplicate env name', pattern({ env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }), 'spec.env[1]', 'Duplicate value'],
    ['a name that is no DNS-1035 label', pattern({}, '1orders'), '', 'metadata.name must be a DNS-1035 label'],
    ['a name longer than 63', pattern({}, `a${'b'.repeat(63)}`), '', 'at most 63 characters'],
  ])('rejects %s, naming the field', (_what, input, path, message) => {
    expect(errorsOf(validatePrismPattern(input))).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('ignores the inactive scaler\'s fields, so switching scaler is one field', () => {
    const both = { targetCPUUtilizationPercentage: 50, triggers: [{ type: 'redis', metadata: { listName: 'l' } }] };
    expect(errorsOf(validatePrismPattern(pattern(hpa(both))))).toEqual([]);
    expect(errorsOf(validatePrismPattern(pattern(keda(both))))).toEqual([]);
  });

  it('ignores autoscaling fields while autoscaling is off', () => {
    expect(errorsOf(validatePrismPattern(pattern({ autoscaling: { enabled: false, scaler: 'keda' } })))).toEqual([]);
  });
});

describe('validatePrismBackend', () => {
  it.each([
    ['no endpoints', backend({ type: 'kafka' }), 'spec.endpoints', 'endpoints is required'],
    ['sqs without region', backend({ type: 'sqs' }), 'spec.region', 'region is required for type sqs'],
    ['a region on kafka', backend({ type: 'kafka', endpoints: ['k:9092'], region: 'us-east-1' }), 'spec.region', 'only used with type sqs'],
    ['sasl on redis', backend({ type: 'redis', endpoints: ['r:6379'], sasl: { mechanism: 'plain' }, credentials: { secretName: 's' } }), 'spec.sasl', 'only used with type kafka'],
    ['sasl without credentials', backend({ type: 'kafka', endpoints: ['k:9092'], sasl: { mechanism: 'plain' } }), 'spec.credentials', 'sasl needs credentials'],
    ['a non-numeric redis database', backend({ type: 'redis', endpoints: ['r:6379'], database: 'zero' }), 'spec.database', 'digits only'],
    ['a database on kafka', backend({ type: 'kafka', endpoints: ['k:9092'], database: 'x' }), 'spec.database', 'only used with type postgresql or redis'],
    ['tls on sqs', backend({ type: 'sqs', region: 'us-east-1', tls: { enabled: true } }), 'spec.tls', 'always reached over HTTPS'],
    ['a CA with tls off', backend({ type: 'redis', endpoints: ['r:6379'], tls: { caSecretName: 'ca' } }), 'spec.tls.enabled', 'need enabled: true'],
    ['user keys on sqs', backend({ type: 'sqs', region: 'us-east-1', credentials: { secretName: 's', passwordKey: 'p' } }), 'spec.credentials', 'access key'],
    ['access keys on kafka', backend({ type: 'kafka', endpoints: ['k:9092'], credentials: { secretName: 's', accessKeyIDKey: 'a' } }), 'spec.credentials', 'only used with type sqs'],
    ['a name that is no DNS label', backend({ type: 'redis', endpoints: ['r:6379'] }, 'Kafka'), '', 'metadata.name must be a DNS label'],
  ])('rejects %s, naming the field', (_what, input, path, message) => {
    expect(errorsOf(validatePrismBackend(input))).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('rejects an endpoint with a comma or a space, which could not be joined into one list', () => {
    expect(errorsOf(validatePrismBackend(backend({ type: 'kafka', endpoints: ['a:9092,b:9092'] }))).map((e) => e.path)).toContain('spec.endpoints[0]');
  });

  it('has no field for an inline credential', () => {
    const inline = backend({ type: 'kafka', endpoints: ['k:9092'], credentials: { secretName: 's', password: 'hunter2' } });
    expect(errorsOf(validatePrismBackend(inline)).map((e) => e.path)).toContain('spec.credentials.password');
  });
});

describe('validatePrismStack', () => {
  it.each([
    ['a name too long for <stack>-proxy', stack({}, `a${'b'.repeat(57)}`), '', 'at most 57 characters'],
    ['a pattern name that does not fit <stack>-<name>', stack({ patterns: [{ name: 'p'.repeat(60), pattern: 'consumer', backend: 'kafka' }] }), '', 'spec.patterns[].name together must fit'],
    ['a backend name that does not fit <stack>-<name>', stack({ backends: [{ name: 'b'.repeat(60), type: 'redis', endpoints: ['r:6379'] }] }), '', 'spec.backends[].name together must fit'],
    ['a duplicate pattern name', stack({ patterns: [{ name: 'p', pattern: 'consumer', backend: 'kafka' }, { name: 'p', pattern: 'producer', backend: 'kafka' }] }), 'spec.patterns[1]', 'Duplicate value'],
    ['a pattern breaking a pattern rule', stack({ patterns: [{ name: 'p', pattern: 'consumer', backend: 'kafka', ...keda({}) }] }), 'spec.patterns[0].autoscaling.triggers', 'at least one trigger'],
    ['a backend breaking a backend rule', stack({ backends: [{ name: 'b', type: 'sqs' }] }), 'spec.backends[0].region', 'region is required'],
    ['proxy min above max', stack({ proxy: { autoscaling: { minReplicas: 5, maxReplicas: 3 } } }), 'spec.proxy.autoscaling.minReplicas', 'less than or equal'],
  ])('rejects %s, naming the field', (_what, input, path, message) => {
    expect(errorsOf(validatePrismStack(input))).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});

describe('validatePrismNamespace', () => {
  it.each([
    ['a name with a dot, which no Namespace can have', tenant({}, 'tenant.a'), '', 'metadata.name must be a DNS label'],
    ['egress allowances with egress open', tenant({ networkPolicy: { allowEgressToCIDRs: ['10.0.0.0/8'] } }), 'spec.networkPolicy.denyEgress', 'need denyEgress: true'],
    ['denyEgress without defaultDeny', tenant({ networkPolicy: { defaultDeny: false, denyEgress: true } }), 'spec.networkPolicy.denyEgress', 'needs defaultDeny: true'],
    ['a role binding without subjects', tenant({ roleBindings: [{ clusterRole: 'edit' }] }), 'spec.roleBindings[0].groups', 'at least one of groups'],
    ['a repeated clusterRole', tenant({ roleBindings: [{ clusterRole: 'edit', groups: ['a'] }, { clusterRole: 'edit', groups: ['b'] }] }), 'spec.roleBindings[1]', 'Duplicate value'],
    ['an unknown deletion policy', tenant({ deletionPolicy: 'Orphan' }), 'spec.deletionPolicy', ''],
    ['an empty quota', tenant({ resourceQuota: { hard: {} } }), 'spec.resourceQuota.hard', ''],
  ])('rejects %s, naming the field', (_what, input, path, message) => {
    expect(errorsOf(validatePrismNamespace(input))).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});

describe('every CEL rule has its TypeScript twin, and every twin is in the CRDs', () => {
  const crdRules = (input: Parameters<typeof toCrd>[0]) => {
    const rules: string[] = [];
    const walk = (node: JsonSchemaProps | undefined) => {
      if (!node) return;
      for (const { rule } of node['x-kubernetes-validations'] ?? []) rules.push(rule);
      Object.values(node.properties ?? {}).forEach(walk);
      walk(node.items);
      walk(node.additionalProperties);
    };
    for (const version of toCrd(input).spec.versions) walk(version.schema.openAPIV3Schema);
    return new Set(rules);
  };
  const families = {
    PrismPattern: { crd: prismPatternCrd, rules: [patternNameRules, patternSpecRules, autoscalingRules, triggerRules, metricSpecRules, metricTargetRules] },
    PrismBackend: { crd: prismBackendCrd, rules: [backendNameRules, backendSpecRules, tlsRules] },
    PrismStack: {
      crd: prismStackCrd,
      rules: [stackNameRules, proxyAutoscalingRules, patternSpecRules, autoscalingRules, triggerRules, metricSpecRules, metricTargetRules, backendSpecRules, tlsRules],
    },
    PrismNamespace: { crd: prismNamespaceCrd, rules: [namespaceNameRules, networkPolicyRules, roleBindingRules] },
  };

  it.each(Object.keys(families) as (keyof typeof families)[])('%s', (kind) => {
    const { crd, rules } = families[kind];
    const twins = new Set(rules.flat().map((r) => r.rule));
    expect([...crdRules(crd)].filter((rule) => !twins.has(rule))).toEqual([]);
    expect([...twins].filter((rule) => !crdRules(crd).has(rule))).toEqual([]);
  });
});
